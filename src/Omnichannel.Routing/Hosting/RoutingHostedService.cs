using Microsoft.Extensions.Hosting;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Hosting;

/// <summary>
/// Starts the router's dispatcher with the host and stops it (its loop, timers and leases) before the host ends. Start
/// does not wait for the stores: the dispatcher loads and retries on its own, so a database that is briefly unreachable
/// does not stop the host from starting.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class RoutingHostedService(Router router) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        router.Run();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => router.StopAsync(cancellationToken).AsTask();
}
