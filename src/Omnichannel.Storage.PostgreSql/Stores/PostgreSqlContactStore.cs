using Omnichannel.Contacts;
using Omnichannel.Storage.PostgreSql.Internal;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// Contacts in the <c>contacts</c> table, with their sort key, channel keys (a text array with a GIN index) and search keys
/// as columns; a trigger keeps <c>contact_search</c> (one row per search key, for prefix ranges) in step in the same statement.
/// </summary>
/// <remarks>Thread-safe; every call is one statement (a refused write adds one read).</remarks>
internal sealed class PostgreSqlContactStore(PostgreSqlOmnichannelDatabase database) : IContactStore
{
    private readonly PostgreSqlOmnichannelDatabase _database = database;
    private readonly VersionedTable<Contact> _table = new(
        database,
        "contacts",
        "id",
        "contact",
        static c => c.Id.Value,
        ["sort_key", "channel_keys", "search_keys"],
        static (c, parameters) =>
        {
            parameters.Add(Sql.Text(ContactSearchKeys.Sort(c)));
            parameters.Add(Sql.TextArray([.. ContactSearchKeys.Channels(c)]));
            parameters.Add(Sql.TextArray([.. ContactSearchKeys.Search(c)]));
        });

    public ValueTask<Contact?> GetAsync(ContactId id, CancellationToken cancellationToken) => _table.GetAsync(id.Value, cancellationToken);

    public ValueTask<Contact> SaveAsync(Contact entity, CancellationToken cancellationToken) => _table.SaveAsync(entity, cancellationToken);

    public async ValueTask<Contact?> FindByChannelAsync(string type, string identifier, CancellationToken cancellationToken)
    {
        var key = ContactSearchKeys.Channel(type, identifier);
        await using var command = await _database.CommandAsync("SELECT version, data FROM contacts WHERE channel_keys @> ARRAY[$1] ORDER BY id LIMIT 1", cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(key));
        var found = await VersionedTable<Contact>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        return found.Count == 0 ? null : found[0];
    }

    public async ValueTask<ContactPage> SearchAsync(ContactSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = ContactSearchKeys.Query(query.Text);
        var limit = Math.Max(query.Limit, 0);
        var sql = key is null
            ? "SELECT version, data FROM contacts ORDER BY sort_key, id LIMIT $1 OFFSET $2"
            : """
              SELECT version, data FROM contacts WHERE id IN (
                  SELECT contact_id FROM contact_search WHERE search_key >= $3 AND ($4::text IS NULL OR search_key < $4))
              ORDER BY sort_key, id LIMIT $1 OFFSET $2
              """;
        await using var command = await _database.CommandAsync(sql, cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Bigint((long)limit + 1));
        command.Parameters.Add(Sql.Bigint(Math.Max(query.Offset, 0)));
        if (key is not null)
        {
            command.Parameters.Add(Sql.Text(key));
            command.Parameters.Add(Sql.Text(ContactSearchKeys.UpperBound(key)));
        }

        var found = await VersionedTable<Contact>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        var hasMore = found.Count > limit;
        return new ContactPage(hasMore ? found[..limit] : found, hasMore);
    }
}
