using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>A contact's first message, about to create a conversation, as <see cref="IArrivalRules"/> sees it.</summary>
/// <param name="Contact">The contact (for example its VIP status in the host's data, its email domain).</param>
/// <param name="DepartmentId">The department written to.</param>
/// <param name="Channel">The channel written from.</param>
/// <param name="Text">The first message's text.</param>
/// <param name="ArrivedAt">When it arrived.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ConversationArrival(Contacts.Contact Contact, DepartmentId DepartmentId, string Channel, string Text, Instant ArrivedAt);
