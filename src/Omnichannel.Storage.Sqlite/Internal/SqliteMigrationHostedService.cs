using Microsoft.Extensions.Hosting;

namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>
/// Prepares the database when the host starts, so a bad path, an unreadable file or a schema from a newer library
/// stops the host at start-up instead of failing the first request: it migrates (or, with migration at start-up
/// off, checks the schema version).
/// </summary>
/// <remarks>Thread-safe: the host calls it once; the database serializes preparation itself.</remarks>
internal sealed class SqliteMigrationHostedService(SqliteOmnichannelDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureReadyAsync(cancellationToken).AsTask();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
