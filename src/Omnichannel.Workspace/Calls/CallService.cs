using Omnichannel.Access;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Workspace.Calls;

/// <summary>Starts and ends calls through the registered <see cref="ICallProvider"/>, recording them in the <see cref="ICallStore"/> and the conversation.</summary>
/// <remarks>Thread-safe: it keeps no state between calls; the call store's version check serializes starts.</remarks>
internal sealed class CallService(
    IEnumerable<ICallProvider> providers,
    ICallStore calls,
    IConversationStore conversationStore,
    IConversationService conversations,
    IContactStore contacts,
    IClock clock,
    ILogger<CallService> logger,
    IAccessPolicy access,
    ClosedConversationCalls closedConversationCalls) : ICallService
{
    private readonly ICallProvider? _provider = providers.LastOrDefault();

    public bool IsAvailable => _provider is not null;

    public async ValueTask<OperationResult<ConversationCall>> StartCallAsync(ConversationId conversation, AgentId agent, CallMedia media = CallMedia.Video, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        if (_provider is null)
        {
            return NoProvider(conversation);
        }

        if (!Enum.IsDefined(media))
        {
            return OperationResult<ConversationCall>.Failure(OperationErrorCode.InvalidArgument, $"Call media {(int)media} is not Video or Audio.");
        }

        var (current, caller, error) = await LoadAsync(conversation, agent, "start a call", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ConversationCall>.Failure(error);
        }

        if (current!.State != ConversationState.Taken)
        {
            return OperationResult<ConversationCall>.Failure(current.IsOpen
                ? new(OperationErrorCode.InvalidTransition, $"Conversation '{conversation}' is {current.State}; calls are made in a conversation an agent has taken.")
                : new(OperationErrorCode.ConversationClosed, $"Conversation '{conversation}' is closed; no call can be started in it."));
        }

        var previous = await calls.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (previous is { IsActive: true })
        {
            return OperationResult<ConversationCall>.Ok(previous);
        }

        var contact = await contacts.GetAsync(current.ContactId, cancellationToken).ConfigureAwait(false);
        CallStart? started;
        try
        {
            started = await _provider.StartCallAsync(new(conversation, agent, caller!.Name, current.ContactId, contact?.Name, media), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the caller's own cancellation
        }
#pragma warning disable CA1031 // Whatever the host's call app throws (or its own timeout) is its failure, answered as a result; nothing was recorded.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.ProviderFailed(exception, _provider.Name, "start a call", conversation);
            return ProviderFailed(conversation, "start a call", exception.Message, "No call was recorded; try again, or check the call app.");
        }

        if (started is null || string.IsNullOrWhiteSpace(started.CallId) || started.JoinUrl is null)
        {
            return ProviderFailed(conversation, "start a call",
                started is null ? "it answered no call" : string.IsNullOrWhiteSpace(started.CallId) ? "it answered a call without an id" : "it answered a call without a join link",
                "No call was recorded; the call app must answer a CallStart with a call id and a join link.");
        }

        ConversationCall call;
        try
        {
            call = await calls.SaveAsync(new ConversationCall
            {
                ConversationId = conversation,
                CallId = started.CallId,
                Provider = _provider.Name,
                Media = media,
                StartedBy = agent,
                StartedAt = clock.GetCurrentInstant(),
                JoinUrl = started.JoinUrl,
                ContactJoinUrl = started.ContactJoinUrl ?? started.JoinUrl,
                Version = previous?.Version ?? 0,
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            // Another agent started a call at the same moment and won: discard ours, join theirs.
            await EndDuplicateAsync(conversation, started.CallId, cancellationToken).ConfigureAwait(false);
            var winner = await calls.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
            return winner is { IsActive: true }
                ? OperationResult<ConversationCall>.Ok(winner)
                : OperationResult<ConversationCall>.Failure(OperationErrorCode.Conflict, $"Calls of conversation '{conversation}' changed while this one was starting; try again.");
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The call store failed: a call nobody recorded must not stay open in the call app. The failure is the store's: it propagates.
            await EndDuplicateAsync(conversation, started.CallId, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        var posted = await conversations.PostSystemNoticeAsync(conversation, SystemMessageSources.Call,
            $"{MediaName(media)} call started by {caller.Name}. Join: {call.ContactJoinUrl}", cancellationToken).ConfigureAwait(false);
        if (!posted.Succeeded)
        {
            // The conversation closed meanwhile: a call nobody can see must not stay open.
            await EndDuplicateAsync(conversation, call.CallId, cancellationToken).ConfigureAwait(false);
            await MarkEndedAsync(call, cancellationToken).ConfigureAwait(false);
            return OperationResult<ConversationCall>.Failure(posted.Error);
        }

        return OperationResult<ConversationCall>.Ok(call);
    }

    public async ValueTask<OperationResult<ConversationCall>> GetActiveCallAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        if (_provider is null)
        {
            return NoProvider(conversation);
        }

        var (current, _, error) = await LoadAsync(conversation, agent, "join a call", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ConversationCall>.Failure(error);
        }

        var call = await calls.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (call is { IsActive: true } && !current!.IsOpen)
        {
            // The close's event was lost (another process without the workspace, a stop, a cancelled caller): end it now.
            await closedConversationCalls.EndAsync(conversation, cancellationToken).ConfigureAwait(false);
            return OperationResult<ConversationCall>.Failure(OperationErrorCode.NotFound, $"No call is in progress in conversation '{conversation}': it is closed, and its call ended with it.");
        }

        return call is { IsActive: true }
            ? OperationResult<ConversationCall>.Ok(call)
            : OperationResult<ConversationCall>.Failure(OperationErrorCode.NotFound, $"No call is in progress in conversation '{conversation}'.");
    }

    public async ValueTask<OperationResult<ConversationCall>> EndCallAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        if (_provider is null)
        {
            return NoProvider(conversation);
        }

        var (_, _, error) = await LoadAsync(conversation, agent, "end a call", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ConversationCall>.Failure(error);
        }

        var call = await calls.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (call is not { IsActive: true })
        {
            return OperationResult<ConversationCall>.Failure(OperationErrorCode.NotFound, $"No call is in progress in conversation '{conversation}'.");
        }

        try
        {
            await _provider.EndCallAsync(call.CallId, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the caller's own cancellation
        }
#pragma warning disable CA1031 // Whatever the host's call app throws (or its own timeout) is its failure, answered as a result.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            logger.ProviderFailed(exception, _provider.Name, $"end call '{call.CallId}'", conversation);
            return ProviderFailed(conversation, $"end call '{call.CallId}'", exception.Message,
                "The call is still recorded as in progress; try again, or the host reports its end with CallEndedAsync once the call app has ended it.");
        }

        return await CallEndedAsync(conversation, call.CallId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<ConversationCall>> CallEndedAsync(ConversationId conversation, string callId, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        if (_provider is null)
        {
            return NoProvider(conversation);
        }

        while (true)
        {
            var call = await calls.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
            if (call is null || call.CallId != callId)
            {
                return OperationResult<ConversationCall>.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' has no call '{Require.Shorten(callId)}' (it has {(call is null ? "no call" : $"call '{call.CallId}'")}).");
            }

            if (!call.IsActive)
            {
                return OperationResult<ConversationCall>.Ok(call);
            }

            var ended = await MarkEndedAsync(call, cancellationToken).ConfigureAwait(false);
            if (ended is null)
            {
                continue; // Changed meanwhile (another end report): read again.
            }

            var posted = await conversations.PostSystemNoticeAsync(conversation, SystemMessageSources.Call,
                $"{MediaName(ended.Media)} call ended after {Describe(ended.Duration!.Value)}.", cancellationToken).ConfigureAwait(false);
            if (!posted.Succeeded)
            {
                logger.CallEndNotPosted(callId, conversation);
            }

            return OperationResult<ConversationCall>.Ok(ended);
        }
    }

    /// <summary>Records the end; null when the call changed since it was read.</summary>
    private async ValueTask<ConversationCall?> MarkEndedAsync(ConversationCall call, CancellationToken cancellationToken)
    {
        try
        {
            return await calls.SaveAsync(call with { EndedAt = clock.GetCurrentInstant() }, cancellationToken).ConfigureAwait(false);
        }
        catch (ConcurrencyConflictException)
        {
            return null;
        }
    }

    private async ValueTask EndDuplicateAsync(ConversationId conversation, string callId, CancellationToken cancellationToken)
    {
        try
        {
            await _provider!.EndCallAsync(callId, cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The duplicate is only a leftover in the call app; the caller's answer must not depend on it (not even the call app's own timeout).
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            logger.DuplicateCallNotEnded(exception, _provider!.Name, callId, conversation);
        }
    }

    private async ValueTask<(Conversation? Conversation, Agent? Agent, OperationError? Error)> LoadAsync(ConversationId id, AgentId agentId, string purpose, CancellationToken cancellationToken)
    {
        var conversation = await conversationStore.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return (null, null, new(OperationErrorCode.NotFound, $"Conversation '{id}' does not exist."));
        }

        var authorized = await access.AuthorizeAsync(agentId, AgentPermissions.StartCall, purpose, cancellationToken).ConfigureAwait(false);
        if (!authorized.Succeeded)
        {
            return (null, null, authorized.Error);
        }

        return (conversation, authorized.Value.Agent, authorized.Value.RequireActOn(conversation, purpose, allowParticipants: true));
    }

    private static string MediaName(CallMedia media) => media == CallMedia.Audio ? "Audio" : "Video";

    /// <summary>"1 h 2 min 5 s", "4 min 10 s", "12 s".</summary>
    private static string Describe(Duration duration)
    {
        var text = new StringBuilder();
        var total = (long)Math.Round(duration.TotalSeconds);
        var (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60);
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours} h ");
        }

        if (hours > 0 || minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{minutes} min ");
        }

        return text.Append(CultureInfo.InvariantCulture, $"{seconds} s").ToString();
    }

    private OperationResult<ConversationCall> ProviderFailed(ConversationId conversation, string operation, string what, string consequence) =>
        OperationResult<ConversationCall>.Failure(OperationErrorCode.CallProviderFailed,
            $"The call app '{_provider!.Name}' failed to {operation} in conversation '{conversation}': {what}. {consequence}");

    private static OperationResult<ConversationCall> NoProvider(ConversationId conversation) =>
        OperationResult<ConversationCall>.Failure(OperationErrorCode.NoCallProvider,
            $"No call app is installed, so no call can be made in conversation '{conversation}'. The host must register an ICallProvider (its call app) to enable calls.");
}
