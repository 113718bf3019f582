namespace Omnichannel.Storage.PostgreSql.Coordination;

/// <summary>
/// The NOTIFY channel routers share, and its payloads: <c>w:&lt;department&gt;</c> (something changed there: the leaseholder
/// re-reads it) and <c>f:&lt;department&gt;</c> (its lease was given up: a process with room acquires it).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class RoutingNotifications
{
    /// <summary>The channel (notifications are scoped to the database, so databases on one server never hear each other).</summary>
    public const string Channel = "omnichannel_routing";

    public static string Changed(DepartmentId department) => "w:" + department.Value;

    public static string Freed(DepartmentId department) => "f:" + department.Value;

    /// <summary>Reads a payload; false for one this version does not know.</summary>
    public static bool TryParse(string payload, out bool freed, out DepartmentId department)
    {
        freed = payload.StartsWith("f:", StringComparison.Ordinal);
        if (payload.Length > 2 && (freed || payload.StartsWith("w:", StringComparison.Ordinal)))
        {
            department = new DepartmentId(payload[2..]);
            return true;
        }

        department = default;
        return false;
    }
}
