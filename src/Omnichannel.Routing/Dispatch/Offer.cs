using NodaTime;
using Omnichannel.Routing.Algorithms;

namespace Omnichannel.Routing.Dispatch;

/// <summary>A conversation offered to one agent (offer mode), holding a reservation on the agent until answered or expired.</summary>
/// <remarks>Not thread-safe: the router guards it with the view's lock.</remarks>
internal sealed class Offer(QueueEntry entry, RoutedAgent agent, Instant expiresAt)
{
    public QueueEntry Entry { get; } = entry;

    public RoutedAgent Agent { get; } = agent;

    public Instant ExpiresAt { get; } = expiresAt;

    public IDisposable? Timeout { get; set; }
}
