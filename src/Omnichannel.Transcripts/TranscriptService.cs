using Omnichannel.Access;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Logging;
using Omnichannel.Transcripts.Rendering;

namespace Omnichannel.Transcripts;

/// <summary>
/// The transcript requests. An email request (or its cancellation) is an outbox record written together with the
/// conversation at the version read: a close that read an older version conflicts and decides again, so the close
/// always sees every request accepted before it, and no request is accepted after it.
/// </summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class TranscriptService(
    IConversationStore conversations,
    IOutboxStore outbox,
    TranscriptBuilder builder,
    IClock clock,
    IOptions<TranscriptOptions> options,
    IOptions<OmnichannelOptions> coreOptions,
    IEnumerable<ITranscriptPdfRenderer> pdfRenderers,
    Diagnostics.TranscriptMetrics metrics,
    IAccessPolicy access,
    Microsoft.Extensions.Logging.ILogger<TranscriptService> logger) : ITranscriptService
{
    private readonly TranscriptOptions _options = options.Value;
    private readonly int _maxWriteAttempts = coreOptions.Value.MaxWriteAttempts;
    private readonly bool _canRenderPdf = pdfRenderers.Any();

    public async ValueTask<OperationResult<TranscriptEmailRequest>> RequestEmailAsync(
        ConversationId conversation, Actor requester, string address, string? subject = null, CancellationToken cancellationToken = default)
    {
        Arguments.RequireId(conversation);
        Arguments.RequireActor(requester);
        subject = string.IsNullOrWhiteSpace(subject) ? _options.DefaultEmailSubject : subject.Trim();
        if ((TranscriptRequestRules.CheckAddress(address) ?? TranscriptRequestRules.CheckSubject(subject, _options.MaxEmailSubjectLength)) is { } invalid)
        {
            return OperationResult<TranscriptEmailRequest>.Failure(invalid);
        }

        if (requester.Kind == AuthorKind.Contact && !coreOptions.Value.TranscriptsEnabled)
        {
            return OperationResult<TranscriptEmailRequest>.Failure(OperationErrorCode.NotPermitted,
                $"Contacts cannot ask for transcripts here (OmnichannelOptions.TranscriptsEnabled is off); conversation '{conversation}' gets no transcript email request.");
        }

        return await WriteWithConversationAsync(conversation, requester, "request a transcript email", (_, jobs, now) =>
        {
            if (TranscriptJobs.PendingEmailRequest(jobs) is { } pending)
            {
                return (null, new OperationError(OperationErrorCode.InvalidTransition,
                    $"Conversation '{conversation}' already has a pending transcript email request (to {pending.Address}, by {pending.RequestedBy}); cancel it before making another."));
            }

            var id = TranscriptJobs.EmailRequestId(conversation, TranscriptJobs.Count(jobs, TranscriptJobKinds.EmailRequest) + 1);
            var job = TranscriptJobs.Create(id, TranscriptJobKinds.EmailRequest, conversation,
                new EmailRequestPayload(address, subject, ActorPayload.From(requester)), TranscriptJobJson.Default.EmailRequestPayload, now);
            return (job, null);
        }, job => new TranscriptEmailRequest(job.Id, conversation, address, subject, requester, job.CreatedAt), cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<TranscriptEmailRequest>> CancelEmailRequestAsync(ConversationId conversation, Actor actor, CancellationToken cancellationToken = default)
    {
        Arguments.RequireId(conversation);
        Arguments.RequireActor(actor);
        TranscriptEmailRequest? cancelled = null;
        return await WriteWithConversationAsync(conversation, actor, "cancel the transcript email request", (_, jobs, now) =>
        {
            cancelled = TranscriptJobs.PendingEmailRequest(jobs);
            if (cancelled is null)
            {
                return (null, new OperationError(OperationErrorCode.NotFound, $"Conversation '{conversation}' has no pending transcript email request to cancel."));
            }

            var job = TranscriptJobs.Create(TranscriptJobs.CancellationId(cancelled.Id), TranscriptJobKinds.EmailRequestCancellation, conversation,
                new EmailRequestCancellationPayload(cancelled.Id, ActorPayload.From(actor)), TranscriptJobJson.Default.EmailRequestCancellationPayload, now);
            return (job, null);
        }, _ => cancelled!, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<TranscriptEmailRequest?> GetPendingEmailRequestAsync(ConversationId conversation, CancellationToken cancellationToken = default)
    {
        Arguments.RequireId(conversation);
        var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        return current is { IsOpen: true }
            ? TranscriptJobs.PendingEmailRequest(await outbox.ListByConversationAsync(conversation, cancellationToken).ConfigureAwait(false))
            : null;
    }

    public async ValueTask<OperationResult<OutboxMessage>> RequestPdfAsync(ConversationId conversation, AgentId requester, CancellationToken cancellationToken = default)
    {
        Arguments.RequireId(conversation);
        Arguments.RequireId(requester);
        if (!_canRenderPdf)
        {
            throw new InvalidOperationException("PDF transcripts need an ITranscriptPdfRenderer: add services.AddOmnichannelPdfTranscripts() (package Omnichannel.Transcripts.Pdf) or register your own.");
        }

        // The one access policy: a known, active omnichannel agent holding Request PDF Transcript (the role table).
        var authorized = await access.AuthorizeAsync(requester, AgentPermissions.RequestPdfTranscript, $"export the transcript of conversation '{conversation}' (Request PDF Transcript)", cancellationToken).ConfigureAwait(false);
        if (!authorized.Succeeded)
        {
            // The guide's name for the permission, so the agent knows what to ask their administrator for.
            return OperationResult<OutboxMessage>.Failure(authorized.Error.Code == OperationErrorCode.NotPermitted && authorized.Error.Message.Contains("lacks the", StringComparison.Ordinal)
                ? new(OperationErrorCode.NotPermitted, $"Agent '{requester}' lacks the Request PDF Transcript permission needed to export the transcript of conversation '{conversation}'.")
                : authorized.Error);
        }

        return await EnqueueForClosedAsync(
            conversation,
            current => $"Conversation '{conversation}' is {current.State}: a PDF transcript can only be exported once the conversation is closed. Close it first.",
            (current, _) => ValueTask.FromResult(authorized.Value.RequireSee(current)),
            // Generated once per conversation: a PDF being made or already delivered (at close or on an earlier request)
            // answers every later request, and no new work is queued. Only a failed one is made again.
            jobs => jobs.LastOrDefault(j => j.Kind == TranscriptJobKinds.Pdf && j.Status != OutboxMessageStatus.Failed),
            (jobs, now) => TranscriptJobs.Create(TranscriptJobs.PdfId(conversation, TranscriptJobs.Count(jobs, TranscriptJobKinds.Pdf) + 1), TranscriptJobKinds.Pdf,
                conversation, new PdfJobPayload(requester.Value, InConversation: true), TranscriptJobJson.Default.PdfJobPayload, now),
            static (_, _) => { },
            $"PDF transcripts of conversation '{conversation}' kept being requested concurrently; try again.",
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<OutboxMessage>> EmailClosedTranscriptAsync(
        ConversationId conversation, Actor requester, string address, string? subject = null, CancellationToken cancellationToken = default)
    {
        Arguments.RequireId(conversation);
        Arguments.RequireActor(requester);
        subject = string.IsNullOrWhiteSpace(subject) ? _options.DefaultEmailSubject : subject.Trim();
        if ((TranscriptRequestRules.CheckAddress(address) ?? TranscriptRequestRules.CheckSubject(subject, _options.MaxEmailSubjectLength)) is { } invalid)
        {
            return OperationResult<OutboxMessage>.Failure(invalid with { Message = $"The transcript of conversation '{conversation}' was not emailed: {invalid.Message}" });
        }

        if (requester.Kind == AuthorKind.Contact && !coreOptions.Value.TranscriptsEnabled)
        {
            return OperationResult<OutboxMessage>.Failure(OperationErrorCode.NotPermitted,
                $"Contacts cannot ask for transcripts here (OmnichannelOptions.TranscriptsEnabled is off); the transcript of conversation '{conversation}' was not emailed.");
        }

        var payload = new EmailJobPayload(address, subject, ActorPayload.From(requester), null);
        return await EnqueueForClosedAsync(
            conversation,
            current => $"Conversation '{conversation}' is {current.State}: its transcript is emailed on request only once it is closed. While it is open, ask with RequestEmailAsync and it is sent when it closes.",
            (current, token) => AuthorizeClosedAsync(current, requester, token),
            // A second click before the first email went: the same address and subject still pending answer it.
            jobs => jobs.LastOrDefault(j => TranscriptJobs.IsRequestedEmail(j) && j.Status == OutboxMessageStatus.Pending
                && TranscriptJobs.TryRead(j, TranscriptJobJson.Default.EmailJobPayload) is { } pending
                && pending.Address == address && pending.Subject == subject),
            (jobs, now) => TranscriptJobs.Create(TranscriptJobs.RequestedEmailId(conversation, jobs.Count(TranscriptJobs.IsRequestedEmail) + 1), TranscriptJobKinds.Email,
                conversation, payload, TranscriptJobJson.Default.EmailJobPayload, now),
            (job, existed) =>
            {
                if (existed)
                {
                    logger.ClosedTranscriptEmailAlreadyPending(job.Id, conversation, requester.ToString());
                }
                else
                {
                    logger.ClosedTranscriptEmailRequested(job.Id, conversation, requester.ToString());
                }
            },
            $"Transcript emails of conversation '{conversation}' kept being requested concurrently ({_maxWriteAttempts} attempts); try again.",
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// An on-request job for a closed conversation (a PDF, an email): reads it, refuses an open one or a requester who may
    /// not, answers a job already asked for, or records a new one; a concurrent request that took the same job number makes
    /// it read and decide again.
    /// </summary>
    private async ValueTask<OperationResult<OutboxMessage>> EnqueueForClosedAsync(
        ConversationId conversation,
        Func<Conversation, string> stillOpen,
        Func<Conversation, CancellationToken, ValueTask<OperationError?>> authorize,
        Func<IReadOnlyList<OutboxMessage>, OutboxMessage?> alreadyAsked,
        Func<IReadOnlyList<OutboxMessage>, Instant, OutboxMessage> create,
        Action<OutboxMessage, bool> answered,
        string keptConflicting,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _maxWriteAttempts; attempt++)
        {
            var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return OperationResult<OutboxMessage>.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' does not exist.");
            }

            if (current.IsOpen)
            {
                return OperationResult<OutboxMessage>.Failure(OperationErrorCode.InvalidTransition, stillOpen(current));
            }

            if (await authorize(current, cancellationToken).ConfigureAwait(false) is { } denied)
            {
                return OperationResult<OutboxMessage>.Failure(denied);
            }

            var jobs = await outbox.ListByConversationAsync(conversation, cancellationToken).ConfigureAwait(false);
            if (alreadyAsked(jobs) is { } existing)
            {
                answered(existing, true);
                return OperationResult<OutboxMessage>.Ok(existing);
            }

            try
            {
                var enqueued = await outbox.EnqueueAsync(create(jobs, clock.GetCurrentInstant()), cancellationToken).ConfigureAwait(false);
                metrics.Enqueued(enqueued);
                answered(enqueued, false);
                return OperationResult<OutboxMessage>.Ok(enqueued);
            }
            catch (ConcurrencyConflictException)
            {
                // Another request took the same number at the same time: look again, it may answer this one.
            }
        }

        return OperationResult<OutboxMessage>.Failure(OperationErrorCode.Conflict, keptConflicting);
    }

    /// <summary>Who may have a closed conversation's transcript emailed: an agent who can see it, its contact, or the system.</summary>
    private async ValueTask<OperationError?> AuthorizeClosedAsync(Conversation conversation, Actor actor, CancellationToken cancellationToken)
    {
        const string Action = "email the transcript";
        switch (actor.Kind)
        {
            case AuthorKind.Contact:
                return actor.Id == conversation.ContactId.Value ? null
                    : new(OperationErrorCode.NotPermitted, $"Contact '{actor.Id}' cannot {Action} of conversation '{conversation.Id}' of contact '{conversation.ContactId}'.");
            case AuthorKind.Agent when actor.AgentId is { } id:
                var authorized = await access.AuthorizeAsync(id, AgentPermissions.None, $"{Action} of conversation '{conversation.Id}'", cancellationToken).ConfigureAwait(false);
                return authorized.Succeeded ? authorized.Value.RequireSee(conversation) : authorized.Error;
            case AuthorKind.System:
                return null;
            default:
                return new(OperationErrorCode.NotPermitted, $"{actor} cannot {Action} of conversation '{conversation.Id}'.");
        }
    }

    public async ValueTask<OperationResult<Transcript>> GetTranscriptAsync(ConversationId conversation, CancellationToken cancellationToken = default)
    {
        Arguments.RequireId(conversation);
        var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        return current is null
            ? OperationResult<Transcript>.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' does not exist.")
            : OperationResult<Transcript>.Ok(await builder.BuildAsync(current, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// Reads the open conversation and its jobs, decides a record, and stores it with the conversation at the version
    /// read (the content unchanged), so that it is ordered with the close; on a conflict reads and decides again.
    /// </summary>
    private async ValueTask<OperationResult<TranscriptEmailRequest>> WriteWithConversationAsync(
        ConversationId conversation,
        Actor actor,
        string action,
        Func<Conversation, IReadOnlyList<OutboxMessage>, Instant, (OutboxMessage? Job, OperationError? Error)> decide,
        Func<OutboxMessage, TranscriptEmailRequest> result,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= _maxWriteAttempts; attempt++)
        {
            var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return OperationResult<TranscriptEmailRequest>.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' does not exist.");
            }

            if (!current.IsOpen)
            {
                return OperationResult<TranscriptEmailRequest>.Failure(OperationErrorCode.ConversationClosed,
                    $"Conversation '{conversation}' is closed: cannot {action} there. Transcript emails are requested while the conversation is open and sent when it closes.");
            }

            if (await AuthorizeAsync(current, actor, action, cancellationToken).ConfigureAwait(false) is { } denied)
            {
                return OperationResult<TranscriptEmailRequest>.Failure(denied);
            }

            var jobs = await outbox.ListByConversationAsync(conversation, cancellationToken).ConfigureAwait(false);
            var (job, error) = decide(current, jobs, clock.GetCurrentInstant());
            if (error is not null)
            {
                return OperationResult<TranscriptEmailRequest>.Failure(error);
            }

            try
            {
                await conversations.SaveAsync(new ConversationWrite(current, Outbox: [job!]), cancellationToken).ConfigureAwait(false);
                return OperationResult<TranscriptEmailRequest>.Ok(result(job!));
            }
            catch (ConcurrencyConflictException)
            {
                // The conversation (or its jobs) changed since it was read: read and decide again.
            }
        }

        return OperationResult<TranscriptEmailRequest>.Failure(OperationErrorCode.Conflict,
            $"Conversation '{conversation}' kept changing while trying to {action} in it ({_maxWriteAttempts} attempts); try again.");
    }

    /// <summary>An agent serving or invited to the conversation or managing its department, its contact, or the system.</summary>
    private async ValueTask<OperationError?> AuthorizeAsync(Conversation conversation, Actor actor, string action, CancellationToken cancellationToken)
    {
        switch (actor.Kind)
        {
            case AuthorKind.Contact:
                return actor.Id == conversation.ContactId.Value ? null
                    : new(OperationErrorCode.NotPermitted, $"Contact '{actor.Id}' cannot {action} in conversation '{conversation.Id}' of contact '{conversation.ContactId}'.");
            case AuthorKind.Agent when actor.AgentId is { } id:
                var authorized = await access.AuthorizeAsync(id, AgentPermissions.None, $"{action} in conversation '{conversation.Id}'", cancellationToken).ConfigureAwait(false);
                return authorized.Succeeded ? authorized.Value.RequireActOn(conversation, action, allowParticipants: true) : authorized.Error;
            case AuthorKind.System:
                return null;
            default:
                return new(OperationErrorCode.NotPermitted, $"{actor} cannot {action} in conversation '{conversation.Id}'.");
        }
    }
}
