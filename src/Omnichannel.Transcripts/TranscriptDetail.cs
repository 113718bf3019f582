namespace Omnichannel.Transcripts;

/// <summary>One line of a transcript's header: a label and its value, ready to show ("Queue time", "0:02:13").</summary>
/// <param name="Label">What the value is.</param>
/// <param name="Value">The value, formatted; it may come from a person (a contact's name, a topic), so escape it in markup.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TranscriptDetail(string Label, string Value);
