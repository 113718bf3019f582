using Omnichannel.Conversations;

namespace Omnichannel.Conversations;

/// <summary>The editable room information. A null member is left unchanged.</summary>
/// <param name="Topic">The new topic; an empty string clears it.</param>
/// <param name="Priority">The new priority.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record RoomInformationUpdate(string? Topic = null, ConversationPriority? Priority = null);
