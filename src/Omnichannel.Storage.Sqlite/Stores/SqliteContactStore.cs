using Omnichannel.Contacts;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// Contacts in the <c>contacts</c> table (with their sort key), their channels in <c>contact_channels</c> and their search
/// keys in <c>contact_search</c>, both rewritten in the contact's transaction.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteContactStore(SqliteOmnichannelDatabase database)
    : SqliteVersionedStore<ContactId, Contact>(database, "contacts", "id", "contact", new IndexedColumn("sort_key", static c => ContactSearchKeys.Sort(c))), IContactStore
{
    /// <inheritdoc />
    public ValueTask<Contact?> FindByChannelAsync(string type, string identifier, CancellationToken cancellationToken)
    {
        var key = ContactSearchKeys.Channel(type, identifier);
        return Database.ReadAsync(key, static (session, k) =>
            ReadOne(session, "SELECT c.data FROM contact_channels h JOIN contacts c ON c.id = h.contact_id WHERE h.channel_key = $id ORDER BY h.contact_id LIMIT 1", k),
            cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<ContactPage> SearchAsync(ContactSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = ContactSearchKeys.Query(query.Text);
        var limit = Math.Max(query.Limit, 0);
        var offset = Math.Max(query.Offset, 0);
        return Database.ReadAsync((Key: key, Upper: key is null ? null : ContactSearchKeys.UpperBound(key), Limit: limit, Offset: offset), static (session, q) =>
        {
            var command = q.Key is null
                ? session.Command("SELECT data FROM contacts ORDER BY sort_key, id LIMIT $limit OFFSET $offset")
                : session.Command("""
                    SELECT data FROM contacts WHERE id IN (
                        SELECT contact_id FROM contact_search WHERE search_key >= $lower AND ($upper IS NULL OR search_key < $upper))
                    ORDER BY sort_key, id LIMIT $limit OFFSET $offset
                    """).With("$lower", q.Key).With("$upper", q.Upper);
            var found = ReadAll(command.With("$limit", (long)q.Limit + 1).With("$offset", (long)q.Offset));
            var hasMore = found.Count > q.Limit;
            return new ContactPage(hasMore ? found[..q.Limit] : found, hasMore);
        }, cancellationToken);
    }

    protected override bool WritesSideTables => true;

    protected override string IdText(ContactId id) => id.Value;

    protected override ContactId IdOf(Contact entity) => entity.Id;

    protected override void AfterWrite(SqliteSession session, Contact stored, bool inserted)
    {
        var id = stored.Id.Value;
        if (!inserted)
        {
            session.Command("DELETE FROM contact_channels WHERE contact_id = $contact").With("$contact", id).ExecuteNonQuery();
            session.Command("DELETE FROM contact_search WHERE contact_id = $contact").With("$contact", id).ExecuteNonQuery();
        }

        foreach (var key in ContactSearchKeys.Channels(stored))
        {
            session.Command("INSERT INTO contact_channels (channel_key, contact_id) VALUES ($key, $contact)").With("$key", key).With("$contact", id).ExecuteNonQuery();
        }

        foreach (var key in ContactSearchKeys.Search(stored))
        {
            session.Command("INSERT INTO contact_search (search_key, contact_id) VALUES ($key, $contact)").With("$key", key).With("$contact", id).ExecuteNonQuery();
        }
    }
}
