namespace Omnichannel.Routing.Algorithms;

/// <summary>Compares agents by one <see cref="RoutingOrder"/>; every order ends with the id so no two agents tie.</summary>
internal sealed class RoutedAgentComparer : IComparer<RoutedAgent>
{
    private static readonly RoutedAgentComparer[] ByOrder =
        Enum.GetValues<RoutingOrder>().Select(o => new RoutedAgentComparer(o)).ToArray();

    private readonly RoutingOrder _order;

    private RoutedAgentComparer(RoutingOrder order) => _order = order;

    public static RoutedAgentComparer For(RoutingOrder order) => ByOrder[(int)order];

    public int Compare(RoutedAgent? x, RoutedAgent? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var byKey = _order switch
        {
            RoutingOrder.LeastBusy => Then(x.OpenConversations + x.ReservedConversations, y.OpenConversations + y.ReservedConversations, x.LastRoutedAt.CompareTo(y.LastRoutedAt)),
            RoutingOrder.LoadBalancing => Then(x.ActiveConversations + x.ReservedConversations, y.ActiveConversations + y.ReservedConversations, x.LastRoutedAt.CompareTo(y.LastRoutedAt)),
            RoutingOrder.RoundRobin => x.LastRoutedAt.CompareTo(y.LastRoutedAt),
            _ => x.IdleSince.CompareTo(y.IdleSince),
        };
        return byKey != 0 ? byKey : string.CompareOrdinal(x.Id.Value, y.Id.Value);
    }

    private static int Then(int x, int y, int next) => x != y ? x.CompareTo(y) : next;
}
