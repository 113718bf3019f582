using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Rendering;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Carries out one transcript job through the host's ports. Returns null when delivered, or the reason it can never
/// be delivered (no address, no permission, nothing registered to send it); a thrown exception means "try again".
/// </summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class TranscriptJobHandler(
    IConversationStore conversations,
    IAgentStore agents,
    TranscriptBuilder builder,
    IOptions<TranscriptOptions> options,
    IEnumerable<ITranscriptEmailSender> emailSenders,
    IEnumerable<ITranscriptDirectMessageSender> directMessageSenders,
    IEnumerable<ITranscriptPdfRenderer> pdfRenderers)
{
    private readonly TranscriptOptions _options = options.Value;
    private readonly ITranscriptEmailSender? _email = emailSenders.LastOrDefault();
    private readonly ITranscriptDirectMessageSender? _directMessages = directMessageSenders.LastOrDefault();
    private readonly ITranscriptPdfRenderer? _pdf = pdfRenderers.LastOrDefault();

    public ValueTask<string?> DeliverAsync(OutboxMessage job, CancellationToken cancellationToken) => job.Kind switch
    {
        TranscriptJobKinds.Email => TranscriptJobs.TryRead(job, TranscriptJobJson.Default.EmailJobPayload) is { } email
            ? DeliverEmailAsync(job, email, cancellationToken) : Unreadable(job),
        TranscriptJobKinds.Pdf => TranscriptJobs.TryRead(job, TranscriptJobJson.Default.PdfJobPayload) is { } pdf
            ? DeliverPdfAsync(job, pdf, cancellationToken) : Unreadable(job),
        TranscriptJobKinds.FailureNotice => TranscriptJobs.TryRead(job, TranscriptJobJson.Default.FailureNoticePayload) is { } notice
            ? DeliverNoticeAsync(job, notice, cancellationToken) : Unreadable(job),
        // Records of requests made during the conversation: the close already turned them into an email job.
        TranscriptJobKinds.EmailRequest or TranscriptJobKinds.EmailRequestCancellation => ValueTask.FromResult<string?>(null),
        _ => ValueTask.FromResult<string?>($"outbox message '{job.Id}' of kind '{job.Kind}' is not a transcript job."),
    };

    /// <summary>The notice to send when <paramref name="job"/> failed for good; null when nobody asked for it (or it is a notice itself).</summary>
    public static OutboxMessage? FailureNoticeFor(OutboxMessage job, int attempts, string error, NodaTime.Instant now)
    {
        Actor? recipient;
        string what;
        switch (job.Kind)
        {
            case TranscriptJobKinds.Email when TranscriptJobs.TryRead(job, TranscriptJobJson.Default.EmailJobPayload) is { } email:
                recipient = email.Requester?.ToActor();
                what = $"The transcript of conversation '{job.ConversationId}' could not be emailed to {email.Address ?? "the contact"}";
                break;
            case TranscriptJobKinds.Pdf when TranscriptJobs.TryRead(job, TranscriptJobJson.Default.PdfJobPayload) is { } pdf:
                recipient = pdf.RequesterAgentId is { } agent ? Actor.Agent(new AgentId(agent)) : null;
                what = $"The PDF transcript of conversation '{job.ConversationId}' could not be delivered";
                break;
            default:
                return null;
        }

        if (recipient is not { } to || to.Kind == AuthorKind.System)
        {
            return null;
        }

        var text = $"{what} after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}: {error}";
        return TranscriptJobs.Create(TranscriptJobs.FailureNoticeId(job.Id), TranscriptJobKinds.FailureNotice, job.ConversationId,
            new FailureNoticePayload(job.Id, job.Kind, ActorPayload.From(to), text), TranscriptJobJson.Default.FailureNoticePayload, now);
    }

    private async ValueTask<string?> DeliverEmailAsync(OutboxMessage job, EmailJobPayload payload, CancellationToken cancellationToken)
    {
        if (_email is null)
        {
            return "no email sender is registered (ITranscriptEmailSender); add services.AddOmnichannelSmtpTranscripts(...) or register your own.";
        }

        var conversation = await conversations.GetAsync(job.ConversationId, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return $"conversation '{job.ConversationId}' no longer exists.";
        }

        var loaded = await builder.LoadSourcesAsync(conversation, cancellationToken).ConfigureAwait(false);
        var address = payload.Address ?? loaded.Sources.Contact?.Emails.FirstOrDefault(e => !string.IsNullOrWhiteSpace(e));
        if (address is null)
        {
            return $"contact '{conversation.ContactId}' has no email address to send the transcript to.";
        }

        if (TranscriptRequestRules.CheckAddress(address) is { } invalid)
        {
            return invalid.Message;
        }

        var transcript = builder.Build(conversation, loaded);
        var email = new TranscriptEmail
        {
            ConversationId = conversation.Id,
            MessageId = TranscriptJobs.MessageId(job.Id),
            To = address,
            Subject = payload.Subject ?? _options.DefaultEmailSubject,
            TextBody = PlainTextTranscriptRenderer.Render(transcript),
            HtmlBody = HtmlTranscriptRenderer.Render(transcript),
        };
        if (_options.AttachPdfToEmail)
        {
            if (_pdf is null)
            {
                return "TranscriptOptions.AttachPdfToEmail is set but no PDF renderer is registered (ITranscriptPdfRenderer); add services.AddOmnichannelPdfTranscripts().";
            }

            email = email with { Attachments = [await RenderPdfAsync(_pdf, transcript, cancellationToken).ConfigureAwait(false)] };
        }

        await _email.SendAsync(email, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async ValueTask<string?> DeliverPdfAsync(OutboxMessage job, PdfJobPayload payload, CancellationToken cancellationToken)
    {
        if (payload.RequesterAgentId is not { } requesterId)
        {
            return $"no agent can receive the PDF transcript of conversation '{job.ConversationId}': nobody served it.";
        }

        if (_pdf is null || _directMessages is null)
        {
            return "PDF transcripts need a PDF renderer (ITranscriptPdfRenderer, services.AddOmnichannelPdfTranscripts()) and a direct-message sender (ITranscriptDirectMessageSender).";
        }

        var requester = await agents.GetAsync(new AgentId(requesterId), cancellationToken).ConfigureAwait(false);
        if (requester is null || !requester.Has(AgentPermissions.RequestPdfTranscript))
        {
            return $"agent '{requesterId}' lacks the Request PDF Transcript permission, so the PDF was not generated.";
        }

        var conversation = await conversations.GetAsync(job.ConversationId, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return $"conversation '{job.ConversationId}' no longer exists.";
        }

        var transcript = await builder.BuildAsync(conversation, cancellationToken).ConfigureAwait(false);
        var pdf = await RenderPdfAsync(_pdf, transcript, cancellationToken).ConfigureAwait(false);
        await _directMessages.SendAsync(new TranscriptDirectMessage
        {
            Recipient = Actor.Agent(requester.Id),
            ConversationId = conversation.Id,
            Kind = TranscriptDirectMessageKind.PdfTranscript,
            Text = $"Here is the transcript of conversation '{conversation.Id}' with {transcript.ContactName}.",
            Attachment = pdf,
        }, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async ValueTask<string?> DeliverNoticeAsync(OutboxMessage job, FailureNoticePayload payload, CancellationToken cancellationToken)
    {
        if (_directMessages is null)
        {
            return "no direct-message sender is registered (ITranscriptDirectMessageSender) to tell the requester.";
        }

        await _directMessages.SendAsync(new TranscriptDirectMessage
        {
            Recipient = payload.Recipient.ToActor(),
            ConversationId = job.ConversationId,
            Kind = TranscriptDirectMessageKind.DeliveryFailed,
            Text = payload.Text,
        }, cancellationToken).ConfigureAwait(false);
        return null;
    }

    private static ValueTask<string?> Unreadable(OutboxMessage job) =>
        ValueTask.FromResult<string?>($"the data of outbox message '{job.Id}' ({job.Kind}) cannot be read.");

    private static async ValueTask<TranscriptFile> RenderPdfAsync(ITranscriptPdfRenderer renderer, Transcript transcript, CancellationToken cancellationToken)
    {
        var bytes = await renderer.RenderAsync(transcript, cancellationToken).ConfigureAwait(false);
        var safeId = string.Concat(transcript.ConversationId.Value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
        return new TranscriptFile($"transcript-{safeId}.pdf", "application/pdf", bytes);
    }
}
