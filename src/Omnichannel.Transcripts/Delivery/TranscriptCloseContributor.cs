using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Outbox;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Records the transcript jobs a close asks for, in the close's own atomic write: an email when the close (or the
/// serving agent's preference) says "send by email" or when an email request is pending, and a PDF for the closing
/// agent (or the serving agent when the contact or the system closes) when "export PDF" applies.
/// </summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class TranscriptCloseContributor(IOutboxStore outbox) : IConversationCloseContributor
{
    public async ValueTask<IReadOnlyList<OutboxMessage>> GetCloseJobsAsync(Conversation closed, Agent? closer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(closed);
        var choices = closed.TranscriptChoices;
        var existing = await outbox.ListByConversationAsync(closed.Id, cancellationToken).ConfigureAwait(false);
        var request = TranscriptJobs.PendingEmailRequest(existing);
        if (!choices.SendEmail && !choices.ExportPdf && request is null)
        {
            return [];
        }

        var now = closed.ClosedAt ?? throw new ArgumentException($"Conversation '{closed.Id}' is not closed.", nameof(closed));
        var responsibleAgent = closer?.Id ?? closed.ServingAgentId ?? closed.PreviousAgentId;
        var jobs = new List<OutboxMessage>(2);
        if (choices.SendEmail || request is not null)
        {
            var requester = request?.RequestedBy ?? (responsibleAgent is { } agent ? Actor.Agent(agent) : (Actor?)null);
            var payload = new EmailJobPayload(request?.Address, request?.Subject, requester is { } r ? ActorPayload.From(r) : null, request?.Id);
            jobs.Add(TranscriptJobs.Create(TranscriptJobs.CloseEmailId(closed.Id), TranscriptJobKinds.Email, closed.Id, payload, TranscriptJobJson.Default.EmailJobPayload, now));
        }

        if (choices.ExportPdf)
        {
            jobs.Add(TranscriptJobs.Create(TranscriptJobs.ClosePdfId(closed.Id), TranscriptJobKinds.Pdf, closed.Id,
                new PdfJobPayload(responsibleAgent?.Value), TranscriptJobJson.Default.PdfJobPayload, now));
        }

        return jobs;
    }
}
