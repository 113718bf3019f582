using System.Collections.Immutable;

namespace Omnichannel.Conversations;

/// <summary>
/// The agents a conversation's records name (serving, previous, participants, who served it, who forwarded it). A
/// <c>default(AgentId)</c> names no agent: kept, it read back as "no agent" in one place and made a stored conversation
/// unreadable in another (a storage adapter writes it as JSON null, which no identifier reads back from), so it is
/// refused where it is set, whatever stores the record.
/// </summary>
internal static class AgentReferences
{
    /// <summary>Returns <paramref name="agent"/>, or throws when it is <c>default(AgentId)</c>.</summary>
    public static AgentId NotDefault(AgentId agent, string owner) =>
        agent.Value is null ? throw Refusal(owner, "use null for none") : agent;

    /// <summary>Returns <paramref name="agents"/>, or throws when one of them is <c>default(AgentId)</c>.</summary>
    public static ImmutableArray<AgentId> NoneDefault(ImmutableArray<AgentId> agents, string owner)
    {
        if (!agents.IsDefault)
        {
            foreach (var agent in agents)
            {
                if (agent.Value is null)
                {
                    throw Refusal(owner, "leave it out");
                }
            }
        }

        return agents;
    }

    private static ArgumentException Refusal(string owner, string instead) =>
        new($"{owner} holds default(AgentId), which names no agent. Make the id with new AgentId(\"...\"), or {instead}.", owner);
}
