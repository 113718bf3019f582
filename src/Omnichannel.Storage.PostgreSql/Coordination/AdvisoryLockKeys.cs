using System.Text;

namespace Omnichannel.Storage.PostgreSql.Coordination;

/// <summary>
/// The advisory lock keys of routing coordination, in the two-integer form (<c>pg_try_advisory_lock(int, int)</c>), so they
/// never meet the 64-bit keys of the per-agent claim locks; the first integer is a namespace, distinct from the migration
/// lock's. The department's key is a hash computed here, so the lock table (<c>pg_locks</c>) can be matched to departments
/// without asking the server.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class AdvisoryLockKeys
{
    /// <summary>Namespace of department leases ("OmnR").</summary>
    public const int Department = 0x4f6d6e52;

    /// <summary>Namespace of membership: every live coordinator holds one such lock, so the others can count the live processes ("OmnM").</summary>
    public const int Member = 0x4f6d6e4d;

    /// <summary>The department's key: FNV-1a of its id in UTF-8. Two ids with one hash share a lease (one process then dispatches both), which costs fairness, never correctness.</summary>
    public static int Of(DepartmentId department)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(department.Value))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return unchecked((int)hash);
    }
}
