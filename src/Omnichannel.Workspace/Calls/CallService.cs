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
    IAgentStore agents,
    IContactStore contacts,
    IClock clock,
    ILogger<CallService> logger) : ICallService
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
        var started = await _provider.StartCallAsync(new(conversation, agent, caller!.Name, current.ContactId, contact?.Name, media), cancellationToken).ConfigureAwait(false);
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

        var posted = await conversations.PostSystemMessageAsync(conversation,
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

        var (_, _, error) = await LoadAsync(conversation, agent, "join a call", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<ConversationCall>.Failure(error);
        }

        var call = await calls.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
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

        await _provider.EndCallAsync(call.CallId, cancellationToken).ConfigureAwait(false);
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

            var posted = await conversations.PostSystemMessageAsync(conversation,
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
#pragma warning disable CA1031 // The duplicate is only a leftover in the call app; the caller's answer must not depend on it.
        catch (Exception exception) when (exception is not OperationCanceledException)
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
            return (null, null, AgentAccess.ConversationNotFound(id));
        }

        var agent = await agents.GetAsync(agentId, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return (null, null, AgentAccess.AgentNotFound(agentId));
        }

        var error = AgentAccess.RequireOmnichannelAgent(agent, AgentPermissions.StartCall, purpose)
            ?? AgentAccess.RequireInvolved(agent, conversation, purpose);
        return (conversation, agent, error);
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

    private static OperationResult<ConversationCall> NoProvider(ConversationId conversation) =>
        OperationResult<ConversationCall>.Failure(OperationErrorCode.NoCallProvider,
            $"No call app is installed, so no call can be made in conversation '{conversation}'. The host must register an ICallProvider (its call app) to enable calls.");
}
