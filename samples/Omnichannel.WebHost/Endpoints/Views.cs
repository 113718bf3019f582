namespace Omnichannel.WebHost;

/// <summary>A message as the pages show it.</summary>
public sealed record MessageView(int Sequence, string Author, string AuthorName, string Text, DateTimeOffset SentAt, IReadOnlyList<AttachmentView> Attachments);

/// <summary>An attached file (its reference is the host's opaque file name, downloadable only through a checked endpoint).</summary>
public sealed record AttachmentView(string FileName, string MediaType, long SizeBytes, string Reference);

/// <summary>A forward, as the conversation's history shows it.</summary>
public sealed record TransferView(string FromName, string TargetName, string? Comment, DateTimeOffset At, string? Failure);

/// <summary>The room information figures.</summary>
public sealed record RoomView(DateTimeOffset StartedAt, long QueueSeconds, long? FirstResponseSeconds, long? AverageResponseSeconds, long DurationSeconds);

/// <summary>The pending transcript email request.</summary>
public sealed record EmailRequestView(string Address, string Subject, string RequestedBy);

/// <summary>A conversation in a list of the console (queue, in progress, on hold, closed).</summary>
public sealed record ConversationListItem(
    string Id, string ContactName, string DepartmentName, string State, string Preview, string? LastAuthor, DateTimeOffset At,
    int? Position, long? EstimatedWaitSeconds, string Priority);

/// <summary>The conversation the agent has open.</summary>
public sealed record ConversationView
{
    public required string Id { get; init; }
    public required string State { get; init; }
    public required string DepartmentId { get; init; }
    public required string DepartmentName { get; init; }
    public required string ContactName { get; init; }
    public string? ServingAgentId { get; init; }
    public string? ServingAgentName { get; init; }
    public required IReadOnlyList<string> ParticipantNames { get; init; }
    public required bool ServedByMe { get; init; }
    public required bool CanManage { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ClosedAt { get; init; }
    public string? ClosedBy { get; init; }
    public required IReadOnlyList<string> Tags { get; init; }
    public string? ClosingComment { get; init; }
    public string? Topic { get; init; }
    public required string Priority { get; init; }
    public required IReadOnlyList<TransferView> Transfers { get; init; }
    public string? LastAuthor { get; init; }
    public required bool RequireTagsOnClose { get; init; }
    public required IReadOnlyList<string> ClosingTags { get; init; }
    public required IReadOnlyList<string> DefaultClosingTags { get; init; }
    public required RoomView Room { get; init; }
    public EmailRequestView? PendingEmail { get; init; }
    public int? Position { get; init; }
    public long? EstimatedWaitSeconds { get; init; }
    public required int MessageCount { get; init; }
}

/// <summary>What the visitor's page shows.</summary>
public sealed record VisitorView
{
    public required string ConversationId { get; init; }
    public required string State { get; init; }
    public required string DepartmentName { get; init; }
    public string? AgentName { get; init; }
    public int? Position { get; init; }
    public long? EstimatedWaitSeconds { get; init; }
    public required string ContactName { get; init; }
    public string? ContactEmail { get; init; }
    public EmailRequestView? PendingEmail { get; init; }
    public required IReadOnlyList<MessageView> Messages { get; init; }
    public required IReadOnlyList<string> Notices { get; init; }
}
