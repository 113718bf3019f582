using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// <c>default(AgentId)</c> names no agent, and "no agent" is null. A conversation kept its agents compactly, so a default
/// one silently read back as null (no serving agent) in every store, and one in a list made the SQL stores' row unreadable;
/// it is now refused where it enters a conversation's records, with a message saying what to do, as the services refuse a
/// default id.
/// </summary>
public sealed class DefaultAgentIdTests
{
    private static Conversation Sample() => new()
    {
        Id = new("c-1"), ContactId = Ids.Dave, DepartmentId = Ids.Support, CreatedAt = OmnichannelHarness.Start, QueuedAt = OmnichannelHarness.Start,
    };

    [Fact]
    public void A_conversation_refuses_a_default_agent_id_instead_of_reading_it_back_as_no_agent()
    {
        var conversation = Sample();

        var serving = Assert.ThrowsAny<ArgumentException>(() => conversation with { State = ConversationState.Taken, ServingAgentId = default(AgentId) });
        var previous = Assert.ThrowsAny<ArgumentException>(() => conversation with { PreviousAgentId = default(AgentId) });

        Assert.Contains("Conversation.ServingAgentId holds default(AgentId), which names no agent", serving.Message, StringComparison.Ordinal);
        Assert.Contains("use null for none", serving.Message, StringComparison.Ordinal);
        Assert.Contains("Conversation.PreviousAgentId holds default(AgentId)", previous.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_conversation_refuses_a_default_agent_among_its_participants_those_who_served_it_and_its_forwards()
    {
        // A storage adapter writes default(AgentId) as JSON null, which no identifier reads back from: the stored
        // conversation could no longer be read. Refused where it is set, it never reaches a store.
        var conversation = Sample();
        var target = ForwardTarget.ToAgent(Ids.Bob);

        var participants = Assert.ThrowsAny<ArgumentException>(() => conversation with { Participants = [Ids.Alice, default] });
        var servedBy = Assert.ThrowsAny<ArgumentException>(() => conversation with { ServedBy = [default] });
        var transfer = Assert.ThrowsAny<ArgumentException>(() => new TransferRecord(default, Ids.Support, target, null, OmnichannelHarness.Start, null));
        var pending = Assert.ThrowsAny<ArgumentException>(() => new PendingForward(target, default, null, OmnichannelHarness.Start));
        var pendingChanged = Assert.ThrowsAny<ArgumentException>(() => new PendingForward(target, Ids.Alice, null, OmnichannelHarness.Start) with { FromAgentId = default });

        Assert.Contains("Conversation.Participants holds default(AgentId)", participants.Message, StringComparison.Ordinal);
        Assert.Contains("Conversation.ServedBy holds default(AgentId)", servedBy.Message, StringComparison.Ordinal);
        Assert.Contains("TransferRecord.FromAgentId holds default(AgentId)", transfer.Message, StringComparison.Ordinal);
        Assert.Contains("PendingForward.FromAgentId holds default(AgentId)", pending.Message, StringComparison.Ordinal);
        Assert.Contains("PendingForward.FromAgentId", pendingChanged.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { Ids.Alice, Ids.Bob }, (conversation with { Participants = [Ids.Alice, Ids.Bob] }).Participants.ToArray());
        Assert.Equal(Ids.Alice, new PendingForward(target, Ids.Alice, null, OmnichannelHarness.Start).FromAgentId);
    }

    [Fact]
    public void A_conversation_keeps_a_real_agent_and_null_exactly()
    {
        var conversation = Sample() with { State = ConversationState.Taken, ServingAgentId = Ids.Alice, PreviousAgentId = Ids.Bob };

        Assert.Equal((Ids.Alice, Ids.Bob), (conversation.ServingAgentId, conversation.PreviousAgentId));
        Assert.Equal(((AgentId?)null, (AgentId?)null), ((conversation with { ServingAgentId = null, PreviousAgentId = null }).ServingAgentId, (conversation with { PreviousAgentId = null }).PreviousAgentId));
    }

    [Fact]
    public async Task A_conversation_list_filter_naming_a_default_id_is_refused_as_a_caller_bug()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.TakenAsync(Ids.Alice);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.ListConversationsAsync(Ids.Alice, new ConversationListQuery { ServingAgentId = default(AgentId) }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.ListConversationsAsync(Ids.Alice, new ConversationListQuery { DepartmentId = default(DepartmentId) }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.ListConversationsAsync(Ids.Alice, new ConversationListQuery { ContactId = default(ContactId) }));

        Assert.Single((await desk.Conversations.ListConversationsAsync(Ids.Alice, new ConversationListQuery { ServingAgentId = Ids.Alice })).Ok().Items);
    }
}
