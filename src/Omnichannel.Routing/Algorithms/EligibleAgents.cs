using System.Diagnostics.CodeAnalysis;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Algorithms;

/// <summary>
/// The agents eligible for one routing decision: Available, members of the department, permitted to take
/// conversations, under their own and the department's capacity, and not excluded for this conversation
/// (an agent who declined it or let it go unanswered).
/// </summary>
/// <remarks>Valid only during the <see cref="IRoutingAlgorithm.SelectAgent"/> call it is passed to; not thread-safe.</remarks>
public sealed class EligibleAgents
{
    private readonly AgentPool _pool;
    private IReadOnlySet<AgentId>? _excluded;

    internal EligibleAgents(AgentPool pool) => _pool = pool;

    /// <summary>How many agents are eligible.</summary>
    public int Count
    {
        get
        {
            if (_excluded is not { Count: > 0 } excluded)
            {
                return _pool.Count;
            }

            var count = 0;
            foreach (var agent in _pool.Members)
            {
                count += excluded.Contains(agent.Id) ? 0 : 1;
            }

            return count;
        }
    }

    /// <summary>
    /// The first eligible agent in <paramref name="order"/>, or null when none is eligible. O(1) and
    /// allocation-free: the router keeps each order it is asked for indexed.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a defined <see cref="RoutingOrder"/>.</exception>
    public RoutedAgent? First(RoutingOrder order)
    {
        CheckOrder(order);
        var index = _pool.Index(order);
        if (_excluded is not { Count: > 0 } excluded)
        {
            return index.First;
        }

        foreach (var agent in index)
        {
            if (!excluded.Contains(agent.Id))
            {
                return agent;
            }
        }

        return null;
    }

    /// <summary>The eligible agents in <paramref name="order"/> (allocates an enumerator; for algorithms that filter, such as skills).</summary>
    /// <param name="order">The order.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a defined <see cref="RoutingOrder"/>.</exception>
    public IEnumerable<RoutedAgent> InOrder(RoutingOrder order)
    {
        CheckOrder(order); // at the call, not at the first MoveNext
        return InOrderIterator(order);
    }

    /// <summary>Refuses an order that is not one of <see cref="RoutingOrder"/>'s values (it would index past the router's orders).</summary>
    internal static void CheckOrder(RoutingOrder order, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(order))] string? parameter = null)
    {
        if (!Enum.IsDefined(order))
        {
            throw new ArgumentOutOfRangeException(parameter, order, $"The routing order {(int)order} is not one of {string.Join(", ", Enum.GetNames<RoutingOrder>())}.");
        }
    }

    private IEnumerable<RoutedAgent> InOrderIterator(RoutingOrder order)
    {
        foreach (var agent in _pool.Index(order))
        {
            if (_excluded is null || !_excluded.Contains(agent.Id))
            {
                yield return agent;
            }
        }
    }

    /// <summary>The eligible agent with the smallest key (a linear scan; for custom algorithms). Ties go to the first in id order.</summary>
    /// <typeparam name="TKey">The key type.</typeparam>
    /// <param name="key">The key of an agent.</param>
    public RoutedAgent? MinBy<TKey>(Func<RoutedAgent, TKey> key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var comparer = Comparer<TKey>.Default;
        RoutedAgent? best = null;
        TKey bestKey = default!;
        foreach (var agent in _pool.Members)
        {
            if (_excluded is not null && _excluded.Contains(agent.Id))
            {
                continue;
            }

            var candidate = key(agent);
            var byKey = best is null ? -1 : comparer.Compare(candidate, bestKey);
            if (byKey < 0 || (byKey == 0 && string.CompareOrdinal(agent.Id.Value, best!.Id.Value) < 0))
            {
                best = agent;
                bestKey = candidate;
            }
        }

        return best;
    }

    /// <summary>Finds an agent by id if it is eligible.</summary>
    /// <param name="id">The agent.</param>
    /// <param name="agent">The agent, when eligible.</param>
    /// <returns>True when the agent is eligible.</returns>
    public bool TryGet(AgentId id, [NotNullWhen(true)] out RoutedAgent? agent)
    {
        if (_pool.TryGet(id, out agent) && (_excluded is null || !_excluded.Contains(id)))
        {
            return true;
        }

        agent = null;
        return false;
    }

    /// <summary>True when the agent is eligible.</summary>
    /// <param name="id">The agent.</param>
    public bool Contains(AgentId id) => TryGet(id, out _);

    internal EligibleAgents For(IReadOnlySet<AgentId>? excluded)
    {
        _excluded = excluded;
        return this;
    }
}
