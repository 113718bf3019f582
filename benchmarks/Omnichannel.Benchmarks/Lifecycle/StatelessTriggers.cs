using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Stateless;

namespace Omnichannel.Benchmarks.Lifecycle;

/// <summary>
/// The lifecycle's triggers as Stateless parameterised triggers: every trigger of
/// <see cref="ConversationLifecycle.CreateMachine"/> carries the <see cref="Conversation"/> its guards examine.
/// </summary>
internal sealed class StatelessTriggers
{
    public StateMachine<ConversationState, ConversationTrigger>.TriggerWithParameters<Conversation> Take { get; } = new(ConversationTrigger.Take);

    public StateMachine<ConversationState, ConversationTrigger>.TriggerWithParameters<Conversation> PlaceOnHold { get; } = new(ConversationTrigger.PlaceOnHold);

    public StateMachine<ConversationState, ConversationTrigger>.TriggerWithParameters<Conversation> Resume { get; } = new(ConversationTrigger.Resume);

    public StateMachine<ConversationState, ConversationTrigger>.TriggerWithParameters<Conversation> ReturnToQueue { get; } = new(ConversationTrigger.ReturnToQueue);

    public StateMachine<ConversationState, ConversationTrigger>.TriggerWithParameters<Conversation> Close { get; } = new(ConversationTrigger.Close);
}
