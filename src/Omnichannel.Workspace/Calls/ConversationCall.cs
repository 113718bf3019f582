using NodaTime;
using Omnichannel.Storage;

namespace Omnichannel.Workspace.Calls;

/// <summary>The latest call of a conversation (at most one is active at a time); earlier calls remain in the conversation's system messages.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ConversationCall : IVersioned<ConversationCall>
{
    /// <summary>The conversation.</summary>
    public required ConversationId ConversationId { get; init; }

    /// <summary>The call app's identifier of the call.</summary>
    public required string CallId { get; init; }

    /// <summary>The call app's <see cref="ICallProvider.Name"/>.</summary>
    public required string Provider { get; init; }

    /// <summary>Video or audio only.</summary>
    public CallMedia Media { get; init; }

    /// <summary>The agent who started it.</summary>
    public required AgentId StartedBy { get; init; }

    /// <summary>When it started.</summary>
    public required Instant StartedAt { get; init; }

    /// <summary>The link agents open to join.</summary>
    public required Uri JoinUrl { get; init; }

    /// <summary>The link the contact opens to join (posted in the conversation).</summary>
    public required Uri ContactJoinUrl { get; init; }

    /// <summary>When it ended; null while it is active.</summary>
    public Instant? EndedAt { get; init; }

    /// <inheritdoc />
    public long Version { get; init; }

    /// <summary>True until the call ends.</summary>
    public bool IsActive => EndedAt is null;

    /// <summary>How long it lasted (zero when the clock stepped back in between); null while it is active.</summary>
    public Duration? Duration => EndedAt is { } ended ? NodaTime.Duration.Max(ended - StartedAt, NodaTime.Duration.Zero) : null;

    /// <inheritdoc />
    public ConversationCall WithVersion(long version) => this with { Version = version };
}
