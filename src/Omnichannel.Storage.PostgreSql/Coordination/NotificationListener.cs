using Microsoft.Extensions.Logging;
using Npgsql;

namespace Omnichannel.Storage.PostgreSql.Coordination;

/// <summary>
/// Listens to the routing channel on a connection of its own (LISTEN needs one session, held open) and hands each
/// payload to <paramref name="onPayload"/> on the listening task. When the connection breaks it reconnects with backoff,
/// and calls <paramref name="onReconnected"/>: notifications sent meanwhile are lost, so the subscriber re-reads.
/// </summary>
/// <remarks>Thread-safe: started once, stopped by <see cref="DisposeAsync"/>.</remarks>
internal sealed partial class NotificationListener(string connectionString, Action<string> onPayload, Action onReconnected, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _running;

    /// <summary>Completes once the first LISTEN is in place (so a test's wake-up sent afterwards is heard).</summary>
    public Task Listening => _listening.Task;

    public void Start() => _running = Task.Run(() => RunAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                connection.Notification += (_, e) => onPayload(e.Payload);
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await using (var listen = new NpgsqlCommand($"LISTEN {RoutingNotifications.Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                delay = TimeSpan.FromMilliseconds(100);
                _listening.TrySetResult();
                if (!first)
                {
                    LogReconnected(logger);
                    onReconnected();
                }

                first = false;
                while (true)
                {
                    await connection.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or IOException or InvalidOperationException or TimeoutException)
            {
                first = false;
                LogListenFailed(logger, exception, delay.TotalMilliseconds);
                try
                {
#pragma warning disable RS0030 // reconnect backoff of the LISTEN connection is a real wait on the network
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
#pragma warning restore RS0030
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5_000));
            }
        }
    }

    [LoggerMessage(6505, LogLevel.Warning, "Listening for routing wake-ups failed; retrying in {DelayMs} ms (meanwhile the reconciliation makes up).")]
    private static partial void LogListenFailed(ILogger logger, Exception exception, double delayMs);

    [LoggerMessage(6506, LogLevel.Information, "Listening for routing wake-ups again; the departments held are re-read for what was missed.")]
    private static partial void LogReconnected(ILogger logger);
}
