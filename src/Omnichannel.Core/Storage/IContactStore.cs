using Omnichannel.Contacts;

namespace Omnichannel.Storage;

/// <summary>Stores contacts.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IContactStore : IVersionedStore<ContactId, Contact>;
