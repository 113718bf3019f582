using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Transcripts.DependencyInjection;

namespace Omnichannel.Transcripts;

/// <summary>Loads what a transcript needs (contact, department, agents) from the stores and builds it with the configured settings.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class TranscriptBuilder(IConversationStore conversations, IContactStore contacts, IDepartmentStore departments, IAgentStore agents, IClock clock, IOptions<TranscriptOptions> options)
{
    private readonly TranscriptSettings _settings = options.Value.Settings;

    /// <summary>Reads the conversation's messages (a transcript shows them all) and the names it needs.</summary>
    public async ValueTask<(TranscriptSources Sources, IReadOnlyList<Message> Messages)> LoadSourcesAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        var messages = new List<Message>(conversation.MessageCount);
        await foreach (var message in conversations.StreamMessagesAsync(conversation.Id, 0, cancellationToken).ConfigureAwait(false))
        {
            messages.Add(message);
        }

        var ids = new HashSet<AgentId>();
        if (conversation.ServingAgentId is { } serving)
        {
            ids.Add(serving);
        }

        if (conversation.PreviousAgentId is { } previous)
        {
            ids.Add(previous);
        }

        ids.UnionWith(conversation.Participants);
        foreach (var message in messages)
        {
            if (message.AuthorKind == AuthorKind.Agent && !string.IsNullOrWhiteSpace(message.AuthorId))
            {
                ids.Add(new AgentId(message.AuthorId));
            }
        }

        var found = new List<Agent>(ids.Count);
        foreach (var id in ids)
        {
            if (await agents.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } agent)
            {
                found.Add(agent);
            }
        }

        return (new TranscriptSources
        {
            Contact = await contacts.GetAsync(conversation.ContactId, cancellationToken).ConfigureAwait(false),
            Department = await departments.GetAsync(conversation.DepartmentId, cancellationToken).ConfigureAwait(false),
            Agents = found,
        }, messages);
    }

    public Transcript Build(Conversation conversation, (TranscriptSources Sources, IReadOnlyList<Message> Messages) loaded) =>
        Transcript.Create(conversation, loaded.Messages, loaded.Sources, _settings, clock.GetCurrentInstant());

    public async ValueTask<Transcript> BuildAsync(Conversation conversation, CancellationToken cancellationToken) =>
        Build(conversation, await LoadSourcesAsync(conversation, cancellationToken).ConfigureAwait(false));
}
