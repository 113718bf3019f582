using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Omnichannel.Storage.PostgreSql.Coordination;

/// <summary>
/// Sends routing notifications off the caller's thread: payloads are queued, and one background task sends what has
/// gathered in one statement (<c>pg_notify</c> over <c>unnest</c>, one transaction, so PostgreSQL drops duplicates) on a
/// pooled connection. Best effort: a failure is logged and the notifications are dropped (the reconciliation makes up).
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed partial class NotificationSender(PostgreSqlOmnichannelDatabase database, ILogger logger) : IAsyncDisposable
{
    private const int MaxBatch = 512;
    private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _sync = new();
    private Task? _sending;

    /// <summary>Queues a payload; never blocks.</summary>
    public void Send(string payload)
    {
        if (!_queue.Writer.TryWrite(payload))
        {
            return; // disposed
        }

        lock (_sync)
        {
            _sending ??= Task.Run(SendLoopAsync);
        }
    }

    /// <summary>Sends what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        Task? sending;
        lock (_sync)
        {
            sending = _sending;
        }

        if (sending is not null)
        {
            await sending.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task SendLoopAsync()
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var payload))
            {
                batch.Add(payload);
            }

            try
            {
                await using var command = await database.CommandAsync("SELECT count(pg_notify($1, p)) FROM unnest($2::text[]) AS p", CancellationToken.None).ConfigureAwait(false);
                command.Parameters.Add(Internal.Sql.Text(RoutingNotifications.Channel));
                command.Parameters.Add(Internal.Sql.TextArray([.. batch]));
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
            {
                LogSendFailed(logger, exception, batch.Count);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(6504, LogLevel.Warning, "Could not send {Count} routing wake-ups; their leaseholders see the changes at their next reconciliation.")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, int count);
}
