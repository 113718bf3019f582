using NodaTime;

namespace Omnichannel.Transcripts;

/// <summary>What a transcript shows: the time zone of its dates and times, agent names, system messages.</summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record TranscriptSettings
{
    /// <summary>The defaults: UTC, agent names shown, system messages left out except call start and end.</summary>
    public static TranscriptSettings Default { get; } = new();

    /// <summary>The time zone dates and times are shown in. Default: UTC.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>Whether agents are named; when false every agent appears as "Agent". Default: true.</summary>
    public bool ShowAgentNames { get; init; } = true;

    /// <summary>Whether system messages (transfers, holds, calls) are included. Default: false.</summary>
    public bool IncludeSystemMessages { get; init; }

    /// <summary>
    /// Whether the system messages of calls (started, ended; <see cref="Conversations.SystemMessageSources.Call"/>) are
    /// included even when <see cref="IncludeSystemMessages"/> is false. Default: true (the workspace guide shows them).
    /// </summary>
    public bool IncludeCallMessages { get; init; } = true;
}
