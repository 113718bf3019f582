using Omnichannel.Conversations;
using Stateless.Reflection;

namespace Omnichannel.Lifecycle;

/// <summary>
/// The lifecycle compiled from the Stateless definition into an array indexed by state and trigger:
/// deciding a transition is two array reads and the guards' checks, with no allocation.
/// </summary>
/// <remarks>Immutable after <see cref="Compile"/>; thread-safe.</remarks>
internal sealed class LifecycleTable
{
    private static readonly int StateCount = Enum.GetValues<ConversationState>().Length;
    private static readonly int TriggerCount = Enum.GetValues<ConversationTrigger>().Length;

    private readonly Transition?[] _transitions = new Transition?[StateCount * TriggerCount];

    private LifecycleTable()
    {
    }

    public static LifecycleTable Compile(StateMachineInfo info)
    {
        var table = new LifecycleTable();
        foreach (var state in info.States)
        {
            var source = (ConversationState)state.UnderlyingState;
            foreach (var transition in state.FixedTransitions)
            {
                var trigger = (ConversationTrigger)transition.Trigger.UnderlyingTrigger;
                var guards = transition.GuardConditionsMethodDescriptions
                    .Select(d => LifecycleGuard.All.SingleOrDefault(g => g.Description == d.Description)
                        ?? throw new InvalidOperationException($"The lifecycle guard '{d.Description}' is not in LifecycleGuard.All."))
                    .ToArray();
                table._transitions[Index(source, trigger)] =
                    new Transition((ConversationState)transition.DestinationState.UnderlyingState, guards);
            }
        }

        return table;
    }

    /// <summary>Decides where <paramref name="trigger"/> takes <paramref name="conversation"/>.</summary>
    public LifecycleDecision Decide(Conversation conversation, ConversationTrigger trigger) => Decide(conversation, trigger, waiveGuards: false);

    /// <summary>Decides where <paramref name="trigger"/> takes <paramref name="conversation"/>; with <paramref name="waiveGuards"/>, as if every guard were met (a workspace setting lifts them).</summary>
    public LifecycleDecision Decide(Conversation conversation, ConversationTrigger trigger, bool waiveGuards)
    {
        var transition = _transitions[Index(conversation.State, trigger)];
        if (transition is null)
        {
            return LifecycleDecision.NotPermitted;
        }

        foreach (var guard in transition.Guards)
        {
            if (!waiveGuards && !guard.IsMet(conversation))
            {
                return LifecycleDecision.Unmet(guard);
            }
        }

        return LifecycleDecision.To(transition.Destination);
    }

    private static int Index(ConversationState state, ConversationTrigger trigger) => ((int)state * TriggerCount) + (int)trigger;

    private sealed record Transition(ConversationState Destination, LifecycleGuard[] Guards);
}
