namespace Omnichannel.Conversations;

/// <summary>What the closer enters in the close dialog.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CloseRequest
{
    /// <summary>Nothing entered.</summary>
    public static CloseRequest Empty { get; } = new();

    /// <summary>The closing comment; optional.</summary>
    public string? Comment { get; init; }

    /// <summary>The tags; a department may require at least one and restrict them to its closing tags.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Why it is closed (<see cref="CloseReasons"/> for the library's own closes); optional, one line.</summary>
    public string? Reason { get; init; }

    /// <summary>"Export chat transcript as PDF" and "Send chat transcript via email".</summary>
    public TranscriptChoices Transcript { get; init; }
}
