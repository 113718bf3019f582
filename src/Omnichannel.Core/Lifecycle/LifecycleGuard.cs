using Omnichannel.Conversations;

namespace Omnichannel.Lifecycle;

/// <summary>A named condition on a conversation that a transition requires. The description is shown in refusals and in docs/lifecycle.md.</summary>
internal sealed class LifecycleGuard(string description, Func<Conversation, bool> isMet)
{
    /// <summary>The agent must have written the last message before a conversation may be put on hold.</summary>
    public static readonly LifecycleGuard AgentSentLastMessage =
        new("the agent sent the last message", static c => c.LastAuthorKind == AuthorKind.Agent);

    /// <summary>Every guard of the lifecycle, so the compiled table can find a guard by the description Stateless reports.</summary>
    public static readonly IReadOnlyList<LifecycleGuard> All = [AgentSentLastMessage];

    public string Description { get; } = description;

    public bool IsMet(Conversation conversation) => isMet(conversation);
}
