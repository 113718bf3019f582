using System.Text;
using Npgsql;
using Omnichannel.Storage.PostgreSql.Internal;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// Canned responses in the <c>canned_responses</c> table. Shortcuts are unique ignoring letter case through a unique
/// index on the upper-cased shortcut (<c>shortcut_key</c>), so of two concurrent creates with one shortcut, in any
/// processes, one wins and the other gets <see cref="DuplicateShortcutException"/>.
/// </summary>
/// <remarks>Thread-safe; every call is one statement (a refused write adds one read).</remarks>
internal sealed class PostgreSqlCannedResponseStore(PostgreSqlOmnichannelDatabase database) : ICannedResponseStore
{
    private const string ShortcutIndex = "canned_responses_shortcut";

    private readonly PostgreSqlOmnichannelDatabase _database = database;
    private readonly VersionedTable<CannedResponse> _table = new(
        database,
        "canned_responses",
        "id",
        "canned response",
        static r => r.Id.Value,
        ["shortcut_key", "scope", "department_id", "owner_id"],
        static (r, parameters) =>
        {
            parameters.Add(Sql.Text(ShortcutKey(r.Shortcut)));
            parameters.Add(Sql.Text(r.Scope.ToString()));
            parameters.Add(Sql.Text(r.DepartmentId?.Value));
            parameters.Add(Sql.Text(r.OwnerId?.Value));
        });

    public ValueTask<CannedResponse?> GetAsync(CannedResponseId id, CancellationToken cancellationToken) => _table.GetAsync(id.Value, cancellationToken);

    public async ValueTask<CannedResponse> SaveAsync(CannedResponse entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await _table.SaveAsync(entity, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException exception) when (Sql.IsUniqueViolation(exception, ShortcutIndex))
            {
                // The holder may have been renamed or deleted since: then the save is tried again, a few times.
                var holder = await FindByShortcutAsync(entity.Shortcut, cancellationToken).ConfigureAwait(false);
                if (holder is not null && holder.Id != entity.Id)
                {
                    throw new DuplicateShortcutException(entity.Shortcut, holder.Id);
                }

                if (attempt == 3)
                {
                    throw new DuplicateShortcutException($"The shortcut '!{entity.Shortcut}' was taken by another canned response while '{entity.Id}' was saved; try again.", exception);
                }
            }
        }
    }

    public async ValueTask<CannedResponse?> FindByShortcutAsync(string shortcut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shortcut);
        await using var command = await _database.CommandAsync("SELECT version, data FROM canned_responses WHERE shortcut_key = $1", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(ShortcutKey(shortcut)));
        var found = await VersionedTable<CannedResponse>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<IReadOnlyList<CannedResponse>> QueryAsync(CannedResponseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var scopes = new List<string>();
        if (query.IncludePublic)
        {
            scopes.Add("scope = 'Public'");
        }

        if (query.Departments.Count > 0)
        {
            scopes.Add("(scope = 'Department' AND department_id = ANY($1))");
        }

        if (query.OwnerId is not null)
        {
            scopes.Add("(scope = 'Private' AND owner_id = $2)");
        }

        if (scopes.Count == 0)
        {
            return [];
        }

        var sql = new StringBuilder("SELECT version, data FROM canned_responses WHERE (").AppendJoin(" OR ", scopes).Append(')');
        if (!string.IsNullOrEmpty(query.ShortcutPrefix))
        {
            sql.Append(" AND starts_with(shortcut_key, $3)");
        }

        await using var command = await _database.CommandAsync(sql.ToString(), cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.TextArray([.. query.Departments.Select(static d => d.Value)]));
        command.Parameters.Add(Sql.Text(query.OwnerId?.Value));
        command.Parameters.Add(Sql.Text(string.IsNullOrEmpty(query.ShortcutPrefix) ? null : ShortcutKey(query.ShortcutPrefix)));
        var result = await VersionedTable<CannedResponse>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        // Sorted here: OrdinalIgnoreCase is .NET's rule, which no database collation reproduces exactly.
        result.Sort(static (x, y) =>
        {
            var byShortcut = StringComparer.OrdinalIgnoreCase.Compare(x.Shortcut, y.Shortcut);
            return byShortcut != 0 ? byShortcut : string.CompareOrdinal(x.Id.Value, y.Id.Value);
        });
        return result;
    }

    public async ValueTask DeleteAsync(CannedResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        cancellationToken.ThrowIfCancellationRequested();
        int deleted;
        await using (var command = await _database.CommandAsync("DELETE FROM canned_responses WHERE id = $1 AND version = $2", cancellationToken).ConfigureAwait(false))
        {
            command.Parameters.Add(Sql.Text(response.Id.Value));
            command.Parameters.Add(Sql.Bigint(response.Version));
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (deleted == 0)
        {
            throw new ConcurrencyConflictException(
                $"canned response '{response.Id}'", response.Version, await _table.StoredVersionAsync(response.Id.Value, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Equal keys are equal shortcuts under <see cref="StringComparer.OrdinalIgnoreCase"/>.</summary>
    private static string ShortcutKey(string shortcut) => shortcut.ToUpperInvariant();
}
