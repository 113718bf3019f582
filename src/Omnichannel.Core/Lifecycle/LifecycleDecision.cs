using Omnichannel.Conversations;

namespace Omnichannel.Lifecycle;

/// <summary>The lifecycle's answer to a trigger: the destination, or why not.</summary>
internal readonly struct LifecycleDecision
{
    private LifecycleDecision(bool permitted, ConversationState destination, LifecycleGuard? unmetGuard)
    {
        IsPermitted = permitted;
        Destination = destination;
        UnmetGuard = unmetGuard;
    }

    public static LifecycleDecision NotPermitted => default;

    public bool IsPermitted { get; }

    public ConversationState Destination { get; }

    /// <summary>The guard that failed, when the trigger is permitted from the state but a guard is not met.</summary>
    public LifecycleGuard? UnmetGuard { get; }

    public static LifecycleDecision To(ConversationState destination) => new(true, destination, null);

    public static LifecycleDecision Unmet(LifecycleGuard guard) => new(false, default, guard);
}
