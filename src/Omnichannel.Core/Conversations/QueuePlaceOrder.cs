namespace Omnichannel.Conversations;

/// <summary>
/// The configured priorities a store needs to count a contact's place in the queue
/// (<see cref="IConversationListStore.CountQueuedAheadAsync"/>) in the serving order of <see cref="QueueOrder"/>: each
/// priority's rank is its position in <see cref="Priorities"/> (0 is served first, names compared ignoring case), and
/// none or a name not configured ranks <see cref="UnrankedRank"/>, after every configured one.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed class QueuePlaceOrder
{
    /// <summary>The rank of no priority and of a priority that is not configured: after every configured one.</summary>
    public const int UnrankedRank = int.MaxValue;

    private readonly string[] _priorities;

    /// <summary>The order for <paramref name="priorities"/>.</summary>
    /// <param name="priorities">The configured priorities, in serving order (<see cref="DependencyInjection.OmnichannelOptions.Priorities"/>).</param>
    /// <exception cref="ArgumentNullException"><paramref name="priorities"/> is null.</exception>
    public QueuePlaceOrder(IEnumerable<string> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        _priorities = [.. priorities];
    }

    /// <summary>The configured priorities, in serving order.</summary>
    public IReadOnlyList<string> Priorities => _priorities;

    /// <summary>The rank of <paramref name="priority"/>, exactly as <see cref="QueueOrder.Rank"/> ranks it.</summary>
    /// <param name="priority">The priority.</param>
    /// <returns>Its position in <see cref="Priorities"/>, or <see cref="UnrankedRank"/>.</returns>
    public int Rank(ConversationPriority priority) => QueueOrder.Rank(priority, _priorities);

    /// <summary>The serving order for these priorities (<see cref="QueueOrder.For"/>), the order the place is counted in.</summary>
    /// <returns>The comparer.</returns>
    public IComparer<Conversation> ToComparer() => QueueOrder.For(_priorities);
}
