namespace Omnichannel.Conversations;

/// <summary>Where a conversation is in its lifecycle. See docs/lifecycle.md for the transitions.</summary>
public enum ConversationState
{
    /// <summary>Waiting in its department's queue for an agent.</summary>
    Queued = 0,

    /// <summary>Served by an agent ("Chats in Progress").</summary>
    Taken = 1,

    /// <summary>Paused by the serving agent; resumes when the agent or the contact writes again.</summary>
    OnHold = 2,

    /// <summary>A forward is pending: it ends when the target takes it, or fails back to the forwarding agent.</summary>
    Forwarded = 3,

    /// <summary>Ended. Final: a closed conversation accepts no messages and no transitions.</summary>
    Closed = 4,
}
