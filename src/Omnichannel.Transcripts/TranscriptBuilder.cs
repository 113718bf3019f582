using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Storage;
using Omnichannel.Transcripts.DependencyInjection;

namespace Omnichannel.Transcripts;

/// <summary>Loads what a transcript needs (contact, department, agents) from the stores and builds it with the configured settings.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class TranscriptBuilder(IContactStore contacts, IDepartmentStore departments, IAgentStore agents, IClock clock, IOptions<TranscriptOptions> options)
{
    private readonly TranscriptSettings _settings = options.Value.Settings;

    public async ValueTask<TranscriptSources> LoadSourcesAsync(Conversation conversation, CancellationToken cancellationToken)
    {
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
        foreach (var message in conversation.Messages)
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

        return new TranscriptSources
        {
            Contact = await contacts.GetAsync(conversation.ContactId, cancellationToken).ConfigureAwait(false),
            Department = await departments.GetAsync(conversation.DepartmentId, cancellationToken).ConfigureAwait(false),
            Agents = found,
        };
    }

    public Transcript Build(Conversation conversation, TranscriptSources sources) =>
        Transcript.Create(conversation, sources, _settings, clock.GetCurrentInstant());

    public async ValueTask<Transcript> BuildAsync(Conversation conversation, CancellationToken cancellationToken) =>
        Build(conversation, await LoadSourcesAsync(conversation, cancellationToken).ConfigureAwait(false));
}
