using Microsoft.Data.Sqlite;
using Omnichannel.Agents;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// Agents in the <c>agents</c> table, with a unique index on the upper-cased user name (ordinal, ignoring case) and
/// their departments in <c>agent_departments</c>, rewritten in the same transaction as the agent.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteAgentStore(SqliteOmnichannelDatabase database)
    : SqliteVersionedStore<AgentId, Agent>(database, "agents", "id", "agent", new IndexedColumn("username_key", static a => UsernameKey(a.Username))), IAgentStore
{
    /// <inheritdoc />
    public ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        return Database.ReadAsync(UsernameKey(username), static (session, key) =>
            ReadOne(session, "SELECT data FROM agents WHERE username_key = $id", key), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken) =>
        Database.ReadAsync(department.Value, static (session, id) =>
        {
            var members = ReadAll(session.Command(
                "SELECT a.data FROM agent_departments d JOIN agents a ON a.id = d.agent_id WHERE d.department_id = $department").With("$department", id));
            members.Sort(static (x, y) => string.CompareOrdinal(x.Id.Value, y.Id.Value));
            return (IReadOnlyList<Agent>)members;
        }, cancellationToken);

    protected override bool WritesSideTables => true;

    protected override string IdText(AgentId id) => id.Value;

    protected override AgentId IdOf(Agent entity) => entity.Id;

    protected override void AfterWrite(SqliteSession session, Agent stored, bool inserted)
    {
        var id = stored.Id.Value;
        if (!inserted)
        {
            session.Command("DELETE FROM agent_departments WHERE agent_id = $agent").With("$agent", id).ExecuteNonQuery();
        }

        foreach (var department in stored.Departments)
        {
            session.Command("INSERT INTO agent_departments (department_id, agent_id) VALUES ($department, $agent)")
                .With("$department", department.Value)
                .With("$agent", id)
                .ExecuteNonQuery();
        }
    }

    protected override Exception DescribeUniqueViolation(SqliteSession session, Agent entity, SqliteException exception)
    {
        var holder = session.Command("SELECT id FROM agents WHERE username_key = $key").With("$key", UsernameKey(entity.Username)).ExecuteScalar() as string;
        // A race with another writer, as the agent service checks names before saving: re-read and decide again.
        return new ConcurrencyConflictException(
            $"Cannot save agent '{entity.Id}': the user name '{entity.Username}' is already held by agent '{holder}' (user names are unique, ignoring letter case).",
            exception);
    }

    /// <summary>The user name as stored for look-ups: upper-cased with the invariant culture, as ordinal-ignore-case comparison does.</summary>
    private static string UsernameKey(string username) => username.ToUpperInvariant();
}
