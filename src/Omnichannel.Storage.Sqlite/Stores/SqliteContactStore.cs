using Omnichannel.Contacts;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>Contacts in the <c>contacts</c> table.</summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class SqliteContactStore(SqliteOmnichannelDatabase database)
    : SqliteVersionedStore<ContactId, Contact>(database, "contacts", "id", "contact"), IContactStore
{
    protected override string IdText(ContactId id) => id.Value;

    protected override ContactId IdOf(Contact entity) => entity.Id;
}
