using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;

namespace Omnichannel.Transcripts;

/// <summary>
/// A conversation as its transcript shows it: header details (contact, agents, department, dates, room information
/// figures), the messages in order with their authors, the tags and the closing comment. Settings are already
/// applied (time zone, agent names, system messages), so every renderer shows the same thing.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record Transcript
{
    /// <summary>The conversation.</summary>
    public required ConversationId ConversationId { get; init; }

    /// <summary>The title: "Conversation with {contact}".</summary>
    public required string Title { get; init; }

    /// <summary>The contact's name (its identifier when unknown).</summary>
    public required string ContactName { get; init; }

    /// <summary>The names of the agents who served, joined or wrote; empty when agent names are hidden.</summary>
    public ImmutableArray<string> AgentNames { get; init; } = [];

    /// <summary>The department's name (its identifier when unknown).</summary>
    public required string DepartmentName { get; init; }

    /// <summary>When the conversation started, in the transcript's time zone.</summary>
    public required ZonedDateTime StartedAt { get; init; }

    /// <summary>When it closed, in the transcript's time zone; null while open.</summary>
    public ZonedDateTime? ClosedAt { get; init; }

    /// <summary>The header lines, in order: conversation, contact, agents, department, dates and room information figures.</summary>
    public ImmutableArray<TranscriptDetail> Details { get; init; } = [];

    /// <summary>The messages shown, in order.</summary>
    public ImmutableArray<TranscriptEntry> Entries { get; init; } = [];

    /// <summary>The tags recorded at close.</summary>
    public ImmutableArray<string> Tags { get; init; } = [];

    /// <summary>The closing comment; null when none.</summary>
    public string? ClosingComment { get; init; }

    /// <summary>The room information figures the details were made from.</summary>
    public required RoomInformation RoomInformation { get; init; }

    /// <summary>Builds the transcript of a conversation.</summary>
    /// <param name="conversation">The conversation.</param>
    /// <param name="messages">Its messages, in order (read from the store's log, for example with <c>StreamMessagesAsync</c>).</param>
    /// <param name="sources">The contact, department and agents, for their names.</param>
    /// <param name="settings">What to show.</param>
    /// <param name="now">The current time, for the figures of an open conversation.</param>
    /// <returns>The transcript.</returns>
    public static Transcript Create(Conversation conversation, IReadOnlyList<Message> messages, TranscriptSources sources, TranscriptSettings settings, Instant now)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(sources);
        ArgumentNullException.ThrowIfNull(settings);

        var zone = settings.TimeZone;
        var agents = new Dictionary<string, Agent>(StringComparer.Ordinal);
        foreach (var agent in sources.Agents)
        {
            agents[agent.Id.Value] = agent;
        }

        var contactName = sources.Contact is { } contact && !string.IsNullOrWhiteSpace(contact.Name) ? contact.Name : conversation.ContactId.Value;
        var departmentName = sources.Department is { } department && !string.IsNullOrWhiteSpace(department.Name) ? department.Name : conversation.DepartmentId.Value;
        string AgentName(string? id) => !settings.ShowAgentNames ? "Agent"
            : id is null ? "Agent"
            : agents.TryGetValue(id, out var known) ? known.Name
            : id;

        var entries = ImmutableArray.CreateBuilder<TranscriptEntry>(messages.Count);
        foreach (var message in messages)
        {
            if (message.AuthorKind == AuthorKind.System && !settings.IncludeSystemMessages
                && !(settings.IncludeCallMessages && message.AuthorId == SystemMessageSources.Call))
            {
                continue;
            }

            entries.Add(new TranscriptEntry
            {
                Sequence = message.Sequence,
                AuthorKind = message.AuthorKind,
                AuthorName = message.AuthorKind switch
                {
                    AuthorKind.Contact => contactName,
                    AuthorKind.Agent => AgentName(message.AuthorId),
                    AuthorKind.Bot => string.IsNullOrWhiteSpace(message.AuthorId) ? "Bot" : message.AuthorId,
                    _ => "System",
                },
                SentAt = message.SentAt.InZone(zone),
                Text = message.Text,
                Attachments = message.Attachments,
            });
        }

        var agentNames = settings.ShowAgentNames ? InvolvedAgents(conversation, messages).Select(id => AgentName(id.Value)).Distinct(StringComparer.Ordinal).ToImmutableArray() : [];
        var room = RoomInformation.From(conversation, now);
        var startedAt = conversation.CreatedAt.InZone(zone);
        var closedAt = conversation.ClosedAt?.InZone(zone);
        return new Transcript
        {
            ConversationId = conversation.Id,
            Title = $"Conversation with {contactName}",
            ContactName = contactName,
            AgentNames = agentNames,
            DepartmentName = departmentName,
            StartedAt = startedAt,
            ClosedAt = closedAt,
            Details = DetailsOf(conversation, room, contactName, agentNames, departmentName, startedAt, closedAt),
            Entries = entries.DrainToImmutable(),
            Tags = conversation.Tags,
            ClosingComment = conversation.ClosingComment,
            RoomInformation = room,
        };
    }

    /// <summary>The serving (or last serving) agent first, then invited agents, then any other agent who wrote.</summary>
    private static IEnumerable<AgentId> InvolvedAgents(Conversation conversation, IReadOnlyList<Message> messages)
    {
        if ((conversation.ServingAgentId ?? conversation.PreviousAgentId) is { } serving)
        {
            yield return serving;
        }

        foreach (var participant in conversation.Participants)
        {
            yield return participant;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (message.AuthorKind == AuthorKind.Agent && !string.IsNullOrWhiteSpace(message.AuthorId) && seen.Add(message.AuthorId))
            {
                yield return new AgentId(message.AuthorId);
            }
        }
    }

    private static ImmutableArray<TranscriptDetail> DetailsOf(
        Conversation conversation, RoomInformation room, string contactName, ImmutableArray<string> agentNames, string departmentName, ZonedDateTime startedAt, ZonedDateTime? closedAt)
    {
        var details = ImmutableArray.CreateBuilder<TranscriptDetail>();
        details.Add(new("Conversation", conversation.Id.Value));
        details.Add(new("Contact", contactName));
        if (!agentNames.IsEmpty)
        {
            details.Add(new(agentNames.Length == 1 ? "Agent" : "Agents", string.Join(", ", agentNames)));
        }

        details.Add(new("Department", departmentName));
        details.Add(new("Started", TranscriptText.DateTime(startedAt)));
        details.Add(new("Closed", closedAt is { } closed ? TranscriptText.DateTime(closed) : "still open"));
        details.Add(new("Queue time", TranscriptText.Duration(room.QueueTime)));
        details.Add(new("First response time", room.FirstResponseTime is { } first ? TranscriptText.Duration(first) : "no answer"));
        details.Add(new("Average response time", room.AverageResponseTime is { } average ? TranscriptText.Duration(average) : "no answer"));
        details.Add(new("Duration", TranscriptText.Duration(room.ChatDuration)));
        if (!string.IsNullOrWhiteSpace(room.Topic))
        {
            details.Add(new("Topic", room.Topic));
        }

        if (room.Priority != ConversationPriority.None)
        {
            details.Add(new("Priority", room.Priority.ToString()));
        }

        return details.DrainToImmutable();
    }
}
