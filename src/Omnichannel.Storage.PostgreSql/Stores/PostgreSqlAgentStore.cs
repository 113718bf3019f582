using Npgsql;
using Omnichannel.Agents;
using Omnichannel.Storage.PostgreSql.Internal;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// Agents in the <c>agents</c> table, with the upper-cased user name (<c>username_key</c>) and the departments
/// (<c>departments</c>, a text array with a GIN index) as columns for the look-ups.
/// </summary>
/// <remarks>Thread-safe; every call is one statement (a refused write adds one read).</remarks>
internal sealed class PostgreSqlAgentStore(PostgreSqlOmnichannelDatabase database) : IAgentStore
{
    private const string UsernameIndex = "agents_by_username";

    private readonly PostgreSqlOmnichannelDatabase _database = database;
    private readonly VersionedTable<Agent> _table = new(
        database,
        "agents",
        "id",
        "agent",
        static a => a.Id.Value,
        ["username_key", "departments"],
        static (a, parameters) =>
        {
            parameters.Add(Sql.Text(UsernameKey(a.Username)));
            parameters.Add(Sql.TextArray([.. a.Departments.Select(static d => d.Value)]));
        },
        database.AgentCache);

    public ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken) => _table.GetAsync(id.Value, cancellationToken);

    public ValueTask<Agent?> GetForChangeAsync(AgentId id, CancellationToken cancellationToken) => _table.GetForChangeAsync(id.Value, cancellationToken);

    public async ValueTask<Agent> SaveAsync(Agent entity, CancellationToken cancellationToken)
    {
        try
        {
            return await _table.SaveAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException exception) when (Sql.IsUniqueViolation(exception, UsernameIndex))
        {
            // A race with another writer, as the agent service checks names before saving: re-read and decide again.
            var holder = await FindByUsernameAsync(entity.Username, cancellationToken).ConfigureAwait(false);
            throw new ConcurrencyConflictException(
                $"Cannot save agent '{entity.Id}': the user name '{entity.Username}' is already held by agent '{holder?.Id}' (user names are unique, ignoring letter case).",
                exception);
        }
    }

    public async ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(username);
        await using var command = await _database.CommandAsync("SELECT version, data FROM agents WHERE username_key = $1 ORDER BY id LIMIT 1", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(UsernameKey(username)));
        var found = await VersionedTable<Agent>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync("SELECT version, data FROM agents WHERE departments @> ARRAY[$1] ORDER BY id", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(department.Value));
        var members = await VersionedTable<Agent>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        _table.Remember(members);
        return members;
    }

    /// <summary>Equal keys are equal names under <see cref="StringComparer.OrdinalIgnoreCase"/>.</summary>
    private static string UsernameKey(string username) => username.ToUpperInvariant();
}
