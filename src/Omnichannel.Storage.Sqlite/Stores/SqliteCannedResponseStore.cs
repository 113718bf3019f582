using Microsoft.Data.Sqlite;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// Canned responses in the <c>canned_responses</c> table: the upper-cased shortcut has a unique index, so of two
/// concurrent saves of one shortcut the database lets one win; scope, department and owner are columns for queries.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteCannedResponseStore(SqliteOmnichannelDatabase database)
    : SqliteVersionedStore<CannedResponseId, CannedResponse>(
        database,
        "canned_responses",
        "id",
        "canned response",
        new IndexedColumn("shortcut_key", static r => ShortcutKey(r.Shortcut)),
        new IndexedColumn("scope", static r => (int)r.Scope),
        new IndexedColumn("department_id", static r => r.DepartmentId?.Value),
        new IndexedColumn("owner_id", static r => r.OwnerId?.Value)),
    ICannedResponseStore
{
    private const string SelectInScopes = """
        SELECT data FROM canned_responses
        WHERE (scope = 0 AND $public)
           OR (scope = 1 AND department_id IN (SELECT value FROM json_each($departments)))
           OR (scope = 2 AND owner_id = $owner)
        """;

    /// <inheritdoc />
    public ValueTask<CannedResponse?> FindByShortcutAsync(string shortcut, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shortcut);
        return Database.ReadAsync(ShortcutKey(shortcut), static (session, key) =>
            ReadOne(session, "SELECT data FROM canned_responses WHERE shortcut_key = $id", key), cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CannedResponse>> QueryAsync(CannedResponseQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var departments = StorageJson.Serialize(query.Departments.Select(static d => d.Value).ToArray());
        return Database.ReadAsync((Query: query, Departments: departments), static (session, q) =>
        {
            // The scopes narrow the rows in SQL; the query's own rule (prefix ignoring case) decides exactly.
            var matching = ReadAll(session.Command(SelectInScopes)
                    .With("$public", q.Query.IncludePublic)
                    .With("$departments", q.Departments)
                    .With("$owner", q.Query.OwnerId?.Value))
                .Where(q.Query.Matches)
                .ToList();
            matching.Sort(static (x, y) =>
            {
                var byShortcut = StringComparer.OrdinalIgnoreCase.Compare(x.Shortcut, y.Shortcut);
                return byShortcut != 0 ? byShortcut : string.CompareOrdinal(x.Id.Value, y.Id.Value);
            });
            return (IReadOnlyList<CannedResponse>)matching;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask DeleteAsync(CannedResponse response, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        cancellationToken.ThrowIfCancellationRequested();
        await Database.WriteAsync((Store: this, Response: response), static (session, d) =>
        {
            var deleted = session.Command("DELETE FROM canned_responses WHERE id = $id AND version = $expected")
                .With("$id", d.Response.Id.Value)
                .With("$expected", d.Response.Version)
                .ExecuteNonQuery();
            if (deleted == 0)
            {
                throw d.Store.Conflict(d.Response, d.Store.ReadVersion(session, d.Response) ?? 0);
            }

            return true;
        }, cancellationToken, singleStatement: true).ConfigureAwait(false);
    }

    /// <summary>Canned responses can be deleted and created again at version 1, so a cached version proves nothing.</summary>
    protected override bool CachesReads => false;

    protected override string IdText(CannedResponseId id) => id.Value;

    protected override CannedResponseId IdOf(CannedResponse entity) => entity.Id;

    protected override Exception DescribeUniqueViolation(SqliteSession session, CannedResponse entity, SqliteException exception)
    {
        var owner = session.Command("SELECT id FROM canned_responses WHERE shortcut_key = $key").With("$key", ShortcutKey(entity.Shortcut)).ExecuteScalar() as string;
        return owner is null
            ? base.DescribeUniqueViolation(session, entity, exception)
            : new DuplicateShortcutException(entity.Shortcut, new CannedResponseId(owner));
    }

    /// <summary>The shortcut as stored for look-ups and uniqueness: upper-cased with the invariant culture (ordinal, ignoring case).</summary>
    private static string ShortcutKey(string shortcut) => shortcut.ToUpperInvariant();
}
