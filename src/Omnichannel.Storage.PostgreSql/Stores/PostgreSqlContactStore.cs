using Omnichannel.Contacts;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>Contacts in the <c>contacts</c> table.</summary>
/// <remarks>Thread-safe; every call is one statement (a refused write adds one read).</remarks>
internal sealed class PostgreSqlContactStore(PostgreSqlOmnichannelDatabase database) : IContactStore
{
    private readonly VersionedTable<Contact> _table = new(database, "contacts", "id", "contact", static c => c.Id.Value);

    public ValueTask<Contact?> GetAsync(ContactId id, CancellationToken cancellationToken) => _table.GetAsync(id.Value, cancellationToken);

    public ValueTask<Contact> SaveAsync(Contact entity, CancellationToken cancellationToken) => _table.SaveAsync(entity, cancellationToken);
}
