using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Parity;

/// <summary>The anchor's workspace settings that routing applies (issue 15): Away agents, the workspace limit, bots first.</summary>
public class WorkspaceRoutingTests
{
    [Fact]
    public async Task Away_agents_are_routed_to_when_the_workspace_allows_it()
    {
        await using var h = RoutingHarness.Create(core: o => o.RouteToAwayAgents = true);
        await h.DepartmentAsync("d");
        var away = await h.AgentAsync("a", "d", status: AgentStatus.Away);

        var conversation = await h.ArriveAsync("k", "d");

        Assert.Equal(away, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task Away_agents_are_not_routed_to_by_default()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d", status: AgentStatus.Away);

        var conversation = await h.ArriveAsync("k", "d");
        await h.Routing.DispatchAsync();

        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
    }

    [Fact]
    public async Task Offline_agents_are_never_routed_to_even_when_Away_agents_are()
    {
        await using var h = RoutingHarness.Create(core: o => o.RouteToAwayAgents = true);
        await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d", status: AgentStatus.Offline);

        var conversation = await h.ArriveAsync("k", "d");
        await h.Routing.DispatchAsync();

        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
    }

    [Fact]
    public async Task Routing_respects_the_workspace_limit_for_agents_without_their_own()
    {
        await using var h = RoutingHarness.Create(core: o => o.MaxConversationsPerAgent = 2);
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d");
        var b = await h.AgentAsync("b", "d", max: 3);

        for (var i = 0; i < 6; i++)
        {
            await h.ArriveAsync($"k{i}", "d");
        }

        await h.Routing.DispatchAsync();
        Assert.Equal(2, (await h.ServedByAsync(a)).Count);
        Assert.Equal(3, (await h.ServedByAsync(b)).Count);
    }

    [Fact]
    public async Task New_conversations_go_to_a_bot_first_when_the_workspace_says_so()
    {
        await using var h = RoutingHarness.Create(core: o => o.AssignNewConversationsToBotsFirst = true);
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        await h.AgentAsync("person", "d");
        var bot = await h.AgentAsync("bot", "d", max: 1, configure: a => a with { IsBot = true });

        var conversations = new List<ConversationId>();
        for (var i = 0; i < 4; i++)
        {
            conversations.Add(await h.ArriveAsync($"k{i}", "d"));
        }

        await h.Routing.DispatchAsync();
        foreach (var conversation in conversations)
        {
            Assert.Equal(bot, await h.ServingAsync(conversation)); // a bot has no capacity limit
        }
    }

    [Fact]
    public async Task Without_the_setting_bots_are_routed_like_anyone()
    {
        await using var h = RoutingHarness.Create(routing: r => r.UseLoadBalancing());
        await h.DepartmentAsync("d");
        var person = await h.AgentAsync("person", "d");
        var bot = await h.AgentAsync("bot", "d", configure: a => a with { IsBot = true });

        var first = await h.ArriveAsync("k1", "d");
        var second = await h.ArriveAsync("k2", "d");
        await h.Routing.DispatchAsync();

        Assert.Equal(new HashSet<AgentId?> { person, bot }, new HashSet<AgentId?> { await h.ServingAsync(first), await h.ServingAsync(second) });
    }

    [Fact]
    public async Task A_conversation_a_bot_handed_back_to_the_queue_goes_to_a_person()
    {
        await using var h = RoutingHarness.Create(core: o => o.AssignNewConversationsToBotsFirst = true);
        await h.DepartmentAsync("d");
        var person = await h.AgentAsync("person", "d");
        var bot = await h.AgentAsync("bot", "d", configure: a => a with { IsBot = true });
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(bot, await h.ServingAsync(conversation));

        (await h.Conversations.ReturnToQueueAsync(conversation, Actor.Agent(bot))).GetValueOrThrow();
        await h.SettleAsync();

        Assert.Equal(person, await h.ServingAsync(conversation));
    }
}
