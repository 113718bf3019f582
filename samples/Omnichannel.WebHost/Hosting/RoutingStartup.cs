using Omnichannel.Routing;

namespace Omnichannel.WebHost.Hosting;

/// <summary>Starts routing when the host starts (after the storage migration): it loads agents and queues from the stores.</summary>
public sealed class RoutingStartup(IRoutingService routing) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken) => await routing.StartAsync(cancellationToken);

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
