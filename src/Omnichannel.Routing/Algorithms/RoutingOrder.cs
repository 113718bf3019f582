namespace Omnichannel.Routing.Algorithms;

/// <summary>
/// An ordering of eligible agents that the router keeps indexed per department, so that the first agent in it
/// is found in O(1) without allocating. Every order ends with the agent id (ordinal), so ties never depend
/// on list order.
/// </summary>
public enum RoutingOrder
{
    /// <summary>Fewest current open conversations (on hold included); then longest since last routed; then id.</summary>
    LeastBusy = 0,

    /// <summary>Fewest open conversations not on hold; then longest since last routed; then id.</summary>
    LoadBalancing = 1,

    /// <summary>Longest since last routed (round robin); then id.</summary>
    RoundRobin = 2,

    /// <summary>Longest since the agent last finished a conversation or became available; then id.</summary>
    LongestIdle = 3,
}
