using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Storage;

namespace Omnichannel.Outbox;

/// <summary>
/// A job to deliver after a change is stored (a transcript to email, a PDF to send). It is written in the same
/// atomic write as the conversation change that asks for it (<see cref="ConversationWrite.Outbox"/>), so a
/// stored change never loses its job; workers lease it, deliver it, and complete, reschedule or fail it.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record OutboxMessage : IVersioned<OutboxMessage>
{
    /// <summary>The message's unique identifier.</summary>
    public required string Id { get; init; }

    /// <summary>What to do, for the worker that handles it (for example <c>transcript.email</c>).</summary>
    public required string Kind { get; init; }

    /// <summary>The conversation it concerns.</summary>
    public required ConversationId ConversationId { get; init; }

    /// <summary>The handler's data (an address and subject, a requester); opaque to the store.</summary>
    public string? Payload { get; init; }

    /// <summary>When it was recorded.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>The earliest time to (re)try it.</summary>
    public required Instant DueAt { get; init; }

    /// <summary>The delivery status. Default: <see cref="OutboxMessageStatus.Pending"/>.</summary>
    public OutboxMessageStatus Status { get; init; }

    /// <summary>How many deliveries were tried.</summary>
    public int Attempts { get; init; }

    /// <summary>The last delivery error; null when none.</summary>
    public string? LastError { get; init; }

    /// <summary>The worker holding the lease; null when not leased.</summary>
    public string? LeaseOwner { get; init; }

    /// <summary>When the lease ends; another worker may lease it after that (the holder is presumed dead).</summary>
    public Instant? LeaseExpiresAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <inheritdoc />
    public OutboxMessage WithVersion(long version) => this with { Version = version };
}
