using System.Diagnostics.CodeAnalysis;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The eligible agents of one department, with a sorted index per <see cref="RoutingOrder"/> in use (created on
/// first use). Agents must be removed before a field their order depends on changes, and added back after.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class AgentPool
{
    private readonly Dictionary<AgentId, RoutedAgent> _members = [];
    private readonly SortedSet<RoutedAgent>?[] _indexes = new SortedSet<RoutedAgent>?[Enum.GetValues<RoutingOrder>().Length];

    public int Count => _members.Count;

    public IEnumerable<RoutedAgent> Members => _members.Values;

    public bool TryGet(AgentId id, [NotNullWhen(true)] out RoutedAgent? agent) => _members.TryGetValue(id, out agent);

    public void Add(RoutedAgent agent)
    {
        if (!_members.TryAdd(agent.Id, agent))
        {
            return;
        }

        foreach (var index in _indexes)
        {
            index?.Add(agent);
        }
    }

    public void Remove(RoutedAgent agent)
    {
        if (!_members.Remove(agent.Id))
        {
            return;
        }

        foreach (var index in _indexes)
        {
            index?.Remove(agent);
        }
    }

    public SortedSet<RoutedAgent> Index(RoutingOrder order) =>
        _indexes[(int)order] ??= new SortedSet<RoutedAgent>(_members.Values, RoutedAgentComparer.For(order));
}
