using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Logging;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Runs the <see cref="TranscriptDeliveryWorker"/> in the background of a generic host, so that a host never leaves
/// transcripts pending because nobody called <see cref="TranscriptDeliveryWorker.RunAsync(CancellationToken)"/>.
/// Registered by <c>AddOmnichannelTranscripts</c>; off when <see cref="TranscriptOptions.RunWorkerInBackground"/> is false.
/// </summary>
/// <remarks>
/// Stops gracefully: no job is leased once the host stops, and a delivery in progress is finished; if it outlasts the
/// host's shutdown timeout it is interrupted and its lease released, so another worker takes the job at once.
/// Thread-safe: the host calls start and stop once each.
/// </remarks>
internal sealed class TranscriptDeliveryService(TranscriptDeliveryWorker worker, IOptions<TranscriptOptions> options, ILogger<TranscriptDeliveryService> logger) : BackgroundService
{
    private readonly CancellationTokenSource _abort = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunWorkerInBackground)
        {
            return;
        }

        // Never block the host's start-up: the first lease may wait on the store.
        await Task.Yield();
        logger.BackgroundWorkerStarted(worker.Name);
        await worker.RunAsync(stoppingToken, _abort.Token).ConfigureAwait(false);
        logger.BackgroundWorkerStopped(worker.Name);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The host's shutdown timeout (cancellationToken) interrupts a delivery still running; until then it may finish.
        using var abortOnTimeout = cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _abort);
        await base.StopAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
