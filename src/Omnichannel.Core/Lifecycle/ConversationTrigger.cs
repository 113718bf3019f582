namespace Omnichannel.Lifecycle;

/// <summary>What moves a conversation from one <see cref="Conversations.ConversationState"/> to another.</summary>
public enum ConversationTrigger
{
    /// <summary>An agent takes a queued conversation, or routing assigns it.</summary>
    Take = 0,

    /// <summary>The serving agent moves it back to its department's queue (or routing re-queues it).</summary>
    ReturnToQueue = 1,

    /// <summary>The serving agent, or a manager of its department, forwards it to an agent or a department; a queued one too.</summary>
    Forward = 2,

    /// <summary>The target agent gets the forwarded conversation.</summary>
    CompleteForwardToAgent = 3,

    /// <summary>The target department's queue takes the forwarded conversation.</summary>
    CompleteForwardToDepartment = 4,

    /// <summary>The forward failed: the conversation goes back to the forwarding agent.</summary>
    FailForward = 5,

    /// <summary>The serving agent places it on hold.</summary>
    PlaceOnHold = 6,

    /// <summary>The same agent serves it again (the agent resumed, or the contact wrote and the agent can serve).</summary>
    Resume = 7,

    /// <summary>The contact wrote again but the agent cannot serve now: it is queued for the next eligible agent.</summary>
    ResumeToQueue = 8,

    /// <summary>A queued conversation moves to another department's queue (overflow to a fallback).</summary>
    MoveToDepartment = 9,

    /// <summary>An agent, the contact or the system closes it.</summary>
    Close = 10,

    /// <summary>The forward of a conversation that was queued (nobody served it) failed: it goes back to its department's queue, keeping its place.</summary>
    FailForwardToQueue = 11,
}
