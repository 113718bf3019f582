using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using Omnichannel.Outbox;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>
/// Creates and reads transcript jobs. Ids are derived from the conversation so that the same job can never be
/// stored twice: a close's jobs, the n-th email request, the n-th PDF request, the notice of a failed job.
/// </summary>
internal static class TranscriptJobs
{
    public static string CloseEmailId(ConversationId conversation) => $"{conversation.Value}/transcript/close-email";

    public static string ClosePdfId(ConversationId conversation) => $"{conversation.Value}/transcript/close-pdf";

    public static string PdfId(ConversationId conversation, int number) => $"{conversation.Value}/transcript/pdf/{number}";

    /// <summary>The n-th email of the closed conversation's transcript asked for after the close.</summary>
    public static string RequestedEmailId(ConversationId conversation, int number) => $"{conversation.Value}/transcript/email/{number}";

    /// <summary>Whether <paramref name="job"/> is an email asked for after the close (not the close's own).</summary>
    public static bool IsRequestedEmail(OutboxMessage job) =>
        job.Kind == TranscriptJobKinds.Email && job.Id.StartsWith($"{job.ConversationId.Value}/transcript/email/", StringComparison.Ordinal);

    public static string EmailRequestId(ConversationId conversation, int number) => $"{conversation.Value}/transcript/email-request/{number}";

    public static string CancellationId(string requestId) => $"{requestId}/cancellation";

    public static string FailureNoticeId(string failedJobId) => $"{failedJobId}/failure-notice";

    /// <summary>The domain part of every transcript email's Message-ID: reserved (RFC 2606), so it can never clash with a real host's ids.</summary>
    public const string MessageIdDomain = "transcripts.omnichannel.invalid";

    /// <summary>
    /// The Message-ID of the email delivering <paramref name="jobId"/>: the same for every attempt, different for every job.
    /// A hash, because job ids carry conversation ids, which may hold characters a Message-ID may not.
    /// </summary>
    public static string MessageId(string jobId)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(jobId));
        return $"{Convert.ToHexStringLower(hash.AsSpan(0, 16))}@{MessageIdDomain}";
    }

    public static OutboxMessage Create<T>(string id, string kind, ConversationId conversation, T payload, JsonTypeInfo<T> type, Instant now) => new()
    {
        Id = id,
        Kind = kind,
        ConversationId = conversation,
        Payload = JsonSerializer.Serialize(payload, type),
        CreatedAt = now,
        DueAt = now,
    };

    public static T Read<T>(OutboxMessage job, JsonTypeInfo<T> type)
        where T : class =>
        TryRead(job, type) ?? throw new InvalidOperationException($"Outbox message '{job.Id}' of kind {job.Kind} has no readable payload.");

    /// <summary>The payload, or null when it is missing or not valid JSON of the expected shape (a corrupt row must not stop a worker).</summary>
    public static T? TryRead<T>(OutboxMessage job, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(job.Payload ?? "null", type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The email request not cancelled, if any. Requests and cancellations are only written while the conversation is open, one pending at a time.</summary>
    public static TranscriptEmailRequest? PendingEmailRequest(IReadOnlyList<OutboxMessage> jobs)
    {
        HashSet<string>? cancelled = null;
        foreach (var job in jobs)
        {
            if (job.Kind == TranscriptJobKinds.EmailRequestCancellation)
            {
                (cancelled ??= new(StringComparer.Ordinal)).Add(Read(job, TranscriptJobJson.Default.EmailRequestCancellationPayload).RequestId);
            }
        }

        TranscriptEmailRequest? pending = null;
        foreach (var job in jobs)
        {
            if (job.Kind == TranscriptJobKinds.EmailRequest && cancelled?.Contains(job.Id) != true)
            {
                var request = Read(job, TranscriptJobJson.Default.EmailRequestPayload);
                pending = new TranscriptEmailRequest(job.Id, job.ConversationId, request.Address, request.Subject, request.RequestedBy.ToActor(), job.CreatedAt);
            }
        }

        return pending;
    }

    public static int Count(IReadOnlyList<OutboxMessage> jobs, string kind)
    {
        var count = 0;
        foreach (var job in jobs)
        {
            if (job.Kind == kind)
            {
                count++;
            }
        }

        return count;
    }
}
