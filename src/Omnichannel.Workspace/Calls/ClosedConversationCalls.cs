using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Storage;

namespace Omnichannel.Workspace.Calls;

/// <summary>
/// Ends the call still active in a conversation that closed: in the call app (best effort: a failure is logged, since the
/// conversation is over either way) and in the call store. Idempotent: a call already ended, or no call, does nothing.
/// Depends on neither the conversation service nor the event bus, so the close's event publisher can use it without a
/// cycle in the container.
/// </summary>
/// <remarks>Thread-safe: it keeps no state; the call store's version check settles a concurrent end.</remarks>
internal sealed class ClosedConversationCalls(IEnumerable<ICallProvider> providers, ICallStore calls, IClock clock, ILogger<ClosedConversationCalls> logger)
{
    private readonly ICallProvider? _provider = providers.LastOrDefault();

    /// <summary>Ends the conversation's active call, if any; never throws but for <paramref name="cancellationToken"/>.</summary>
    /// <param name="conversation">The closed conversation.</param>
    /// <param name="cancellationToken">The caller's cancellation: the only exception that leaves.</param>
    /// <returns>The call as recorded after this, or null when the conversation has had no call (or no call app is installed).</returns>
    public async ValueTask<ConversationCall?> EndAsync(ConversationId conversation, CancellationToken cancellationToken)
    {
        if (_provider is null)
        {
            return null; // No call app, no calls: a close costs no read of the call store.
        }

        var askedCallApp = false;
        var callId = "(not read)";
        try
        {
            while (true)
            {
                var call = await calls.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
                if (call is not { IsActive: true })
                {
                    return call;
                }

                callId = call.CallId;
                if (!askedCallApp)
                {
                    askedCallApp = true;
                    await EndInCallAppAsync(call, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    var ended = await calls.SaveAsync(call with { EndedAt = clock.GetCurrentInstant() }, cancellationToken).ConfigureAwait(false);
                    logger.CallEndedWithConversation(call.CallId, conversation);
                    return ended;
                }
                catch (ConcurrencyConflictException)
                {
                    // Ended (or replaced) meanwhile: read again.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The close is stored and must not fail because the call store did; reading the call later ends it.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.ClosedConversationCallNotRecorded(exception, callId, conversation);
            return null;
        }
    }

    private async ValueTask EndInCallAppAsync(ConversationCall call, CancellationToken cancellationToken)
    {
        try
        {
            await _provider!.EndCallAsync(call.CallId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The call app failed (or timed out): the conversation is closed regardless, so the end is recorded and the failure logged.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.ClosedConversationCallNotEnded(exception, _provider!.Name, call.CallId, call.ConversationId);
        }
    }
}
