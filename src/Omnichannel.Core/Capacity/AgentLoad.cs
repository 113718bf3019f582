using Omnichannel.Conversations;

namespace Omnichannel.Capacity;

/// <summary>
/// What an agent serves, counted as a <see cref="CapacityClaim"/> counts it: the conversations that occupy them
/// (<see cref="Conversation.OccupiesServingAgent"/>) overall, in the claim's department and in the claim's channel.
/// </summary>
/// <param name="Overall">Counted conversations in every department.</param>
/// <param name="InDepartment">Counted conversations in the claim's department.</param>
/// <param name="InChannel">Counted conversations of the claim's channel (0 when the claim has no channel limit).</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct AgentLoad(int Overall, int InDepartment, int InChannel)
{
    /// <summary>Counts <paramref name="served"/> as <paramref name="claim"/> would, leaving out <paramref name="except"/> (the conversation being written).</summary>
    /// <param name="served">Conversations the claim's agent serves (others are ignored).</param>
    /// <param name="claim">The claim whose department, channel and on-hold rule apply.</param>
    /// <param name="except">A conversation not to count; optional.</param>
    /// <returns>The load.</returns>
    public static AgentLoad Count(IEnumerable<Conversation> served, CapacityClaim claim, ConversationId? except = null)
    {
        ArgumentNullException.ThrowIfNull(served);
        var load = default(AgentLoad);
        foreach (var conversation in served)
        {
            load = load.Plus(conversation, claim, except);
        }

        return load;
    }

    /// <summary>This load with <paramref name="conversation"/> counted when it occupies the claim's agent (the one rule, for stores that count without a collection).</summary>
    internal AgentLoad Plus(Conversation conversation, CapacityClaim claim, ConversationId? except)
    {
        if (conversation.ServingAgentId != claim.AgentId || conversation.Id == except || !conversation.OccupiesServingAgent(claim.CountOnHold))
        {
            return this;
        }

        return new AgentLoad(
            Overall + 1,
            InDepartment + (conversation.DepartmentId == claim.DepartmentId ? 1 : 0),
            InChannel + (claim.Channel is { } name && string.Equals(conversation.Channel, name, StringComparison.Ordinal) ? 1 : 0));
    }
}
