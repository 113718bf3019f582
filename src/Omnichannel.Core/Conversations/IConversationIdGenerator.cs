namespace Omnichannel.Conversations;

/// <summary>Makes identifiers for new conversations. The default makes time-ordered GUIDs (version 7).</summary>
/// <remarks>Implementations must be thread-safe.</remarks>
public interface IConversationIdGenerator
{
    /// <summary>Returns a new, never used identifier.</summary>
    ConversationId NewId();
}
