using Omnichannel.Transcripts.Delivery;

namespace Omnichannel.WebHost.Transcripts;

/// <summary>Runs the library's transcript delivery worker (emails, PDFs, failure notices) for the life of the host.</summary>
public sealed class TranscriptDeliveryService(TranscriptDeliveryWorker worker) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await worker.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; jobs not finished are leased again by the next start.
        }
    }
}
