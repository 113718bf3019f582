using Omnichannel.Capacity;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Outbox;

namespace Omnichannel.Conversations;

/// <summary>What an operation decided from the conversation it read: a refusal, or the next version to store.</summary>
internal sealed record ConversationChange
{
    private ConversationChange(OperationError? error, Conversation? next)
    {
        Error = error;
        Next = next;
    }

    public OperationError? Error { get; }

    public Conversation? Next { get; }

    /// <summary>True when <see cref="Next"/> was built for this change alone (a copy nobody else holds), so the store may keep that very record.</summary>
    public bool NextIsUnshared { get; init; }

    /// <summary>Set when the write makes an agent serve the conversation.</summary>
    public CapacityClaim? Claim { get; init; }

    /// <summary>The trigger's guards are waived by a workspace setting (hold although the contact wrote last).</summary>
    public bool GuardsWaived { get; init; }
    /// <summary>The agent and department records the change was decided from (<see cref="ConversationWrite.DecidedFromAgent"/>).</summary>
    public (AgentId Id, long Version)? DecidedFromAgent { get; init; }

    /// <summary>See <see cref="ConversationWrite.DecidedFromDepartment"/>.</summary>
    public (DepartmentId Id, long Version)? DecidedFromDepartment { get; init; }

    /// <summary>Set when the change is a lifecycle transition, for <see cref="ConversationStateChanged"/>.</summary>
    public ConversationTrigger? Trigger { get; init; }

    /// <summary>Set when the change adds a message, for <see cref="MessagePosted"/>.</summary>
    public Message? Posted { get; init; }

    /// <summary>
    /// A system message stored after <see cref="Posted"/> in the same write (a contact's message that resumes an on-hold
    /// conversation: the message, then the notice that it resumed); its own <see cref="MessagePosted"/> follows.
    /// </summary>
    public Message? Notice { get; init; }

    /// <summary>What to store instead when <see cref="Claim"/> is refused (a contact's message to an on-hold conversation whose agent is full).</summary>
    public ConversationChange? WhenAtCapacity { get; init; }

    /// <summary>Outbox jobs stored in the same atomic write (the close's transcript jobs); none when null.</summary>
    public IReadOnlyList<OutboxMessage>? Outbox { get; init; }

    /// <summary>An event specific to the operation, built from the stored conversation.</summary>
    public Func<Conversation, DomainEvent>? Event { get; init; }

    public static ConversationChange Refuse(OperationErrorCode code, string message) => new(new OperationError(code, message), null);

    public static ConversationChange Refuse(OperationError error) => new(error, null);

    /// <summary>
    /// The next version to store, with the other properties set in the same object initializer: one allocation,
    /// where <c>Store(next) with { ... }</c> makes two (the hot operations use this form).
    /// </summary>
    public ConversationChange(Conversation next)
        : this(null, next ?? throw new ArgumentNullException(nameof(next)))
    {
    }

    public static ConversationChange Store(Conversation next) => new(null, next);
}
