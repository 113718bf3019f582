using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Departments;

namespace Omnichannel.Transcripts;

/// <summary>
/// What a transcript needs besides the conversation: the contact, the department and the agents, for their names.
/// Anything missing is shown by its identifier.
/// </summary>
/// <remarks>This type is immutable and thread-safe when the collection given is not changed afterwards.</remarks>
public sealed record TranscriptSources
{
    /// <summary>No names: every person is shown by identifier.</summary>
    public static TranscriptSources None { get; } = new();

    /// <summary>The conversation's contact; optional.</summary>
    public Contact? Contact { get; init; }

    /// <summary>The conversation's department; optional.</summary>
    public Department? Department { get; init; }

    /// <summary>The agents who served, joined or wrote in the conversation; others are shown by identifier.</summary>
    public IReadOnlyCollection<Agent> Agents { get; init; } = [];
}
