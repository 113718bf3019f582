namespace Omnichannel.Conversations;

/// <summary>The default generator: a version 7 GUID, which sorts by creation time.</summary>
internal sealed class GuidConversationIdGenerator : IConversationIdGenerator
{
    public ConversationId NewId() => new(Guid.CreateVersion7().ToString("N"));
}
