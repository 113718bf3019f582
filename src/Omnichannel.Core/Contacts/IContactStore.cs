using Omnichannel.Contacts;
using Omnichannel.Storage;

namespace Omnichannel.Contacts;

/// <summary>Stores contacts.</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IContactStore : IVersionedStore<ContactId, Contact>;
