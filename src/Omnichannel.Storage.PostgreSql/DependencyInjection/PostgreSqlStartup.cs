using Microsoft.Extensions.Hosting;

namespace Omnichannel.Storage.PostgreSql.DependencyInjection;

/// <summary>
/// Migrates the database (or checks its schema) when the host starts, so a bad connection string, an unreachable server
/// or a schema from a newer library stops the host at start-up with a clear message rather than failing the first
/// conversation. Without a host, the same happens on the first store call.
/// </summary>
/// <remarks>Thread-safe; the host calls it once.</remarks>
internal sealed class PostgreSqlStartup(PostgreSqlOmnichannelDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureReadyAsync(cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
