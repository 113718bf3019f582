using Omnichannel.Contacts;
using Omnichannel.Storage;

namespace Omnichannel.Contacts;

/// <summary>The default contact store: contacts in memory, lost when the process ends.</summary>
/// <remarks>This type is thread-safe.</remarks>
public sealed class InMemoryContactStore : IContactStore
{
    private readonly InMemoryVersionedTable<ContactId, Contact> _table = new("contact", static c => c.Id);

    /// <inheritdoc />
    public ValueTask<Contact?> GetAsync(ContactId id, CancellationToken cancellationToken) => ValueTask.FromResult(_table.Get(id));

    /// <inheritdoc />
    public ValueTask<Contact> SaveAsync(Contact entity, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_table.Save(entity));
    }
}
