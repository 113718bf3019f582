using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>
/// The anchor's fallback department at arrival ("should redirect chat to fallback department when all agents in the initial
/// department are offline"): a new conversation for a department where nobody is online, which the offline rule would
/// refuse, goes to the first department along its fallback chain where somebody is.
/// </summary>
public sealed class ArrivalFallbackTests
{
    private static readonly DepartmentId Billing = new("billing");
    private static readonly AgentId Tom = new("tom");

    private static async Task<OmnichannelHarness> SupportOfflineFallingBackToSalesAsync(IAgentStore? agents = null)
    {
        // With a counting agent store, the queue alert (which lists a department's members after the write) is off: only the
        // arrival's own reads of who is online are counted.
        var desk = agents is null
            ? await OmnichannelHarness.CreateAsync()
            : await OmnichannelHarness.CreateAsync(o => o.AlertAgentsOnQueue = false, s => s.AddSingleton(agents));
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { FallbackDepartmentId = Ids.Sales });
        foreach (var agent in new[] { Ids.Alice, Ids.Bob, Ids.Mia })
        {
            await desk.UpdateAgentAsync(agent, a => a with { Status = AgentStatus.Offline });
        }

        return desk;
    }

    [Fact]
    public async Task A_new_conversation_for_a_department_with_nobody_online_goes_to_its_fallback_department()
    {
        using var desk = await SupportOfflineFallingBackToSalesAsync();

        var arrived = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello")).Ok();

        Assert.Equal((ConversationState.Queued, Ids.Sales), (arrived.State, arrived.DepartmentId));
        Assert.Equal(arrived.Id, Assert.Single(await desk.Store.QueryAsync(new ConversationQuery { ContactId = Ids.Dave }, CancellationToken.None)).Id);
    }

    [Fact]
    public async Task A_new_conversation_stays_in_its_department_when_somebody_there_is_online()
    {
        using var desk = await SupportOfflineFallingBackToSalesAsync();
        await desk.UpdateAgentAsync(Ids.Bob, a => a with { Status = AgentStatus.Available });

        var arrived = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello")).Ok();

        Assert.Equal(Ids.Support, arrived.DepartmentId);
    }

    [Fact]
    public async Task The_fallback_chain_is_followed_past_departments_where_nobody_is_online_or_that_are_disabled()
    {
        using var desk = await SupportOfflineFallingBackToSalesAsync();
        var archive = new DepartmentId("archive");
        await desk.DepartmentAsync(Billing, d => d with { FallbackDepartmentId = Ids.Support });
        await desk.AgentAsync(Tom, [Billing]);
        await desk.DepartmentAsync(archive, d => d with { Enabled = false, FallbackDepartmentId = Billing });
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { FallbackDepartmentId = archive });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });

        var arrived = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello")).Ok();

        Assert.Equal(Billing, arrived.DepartmentId);
    }

    [Fact]
    public async Task With_nobody_online_along_the_fallback_chain_the_offline_rule_names_the_requested_department()
    {
        using var desk = await SupportOfflineFallingBackToSalesAsync();
        await desk.UpdateDepartmentAsync(Ids.Sales, d => d with { FallbackDepartmentId = Ids.Support });
        await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });

        var refused = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello");

        refused.Refused(OperationErrorCode.Offline, "support");
        Assert.Empty(await desk.Store.QueryAsync(new ConversationQuery { ContactId = Ids.Dave }, CancellationToken.None));
    }

    [Fact]
    public async Task When_the_workspace_accepts_conversations_with_nobody_online_a_new_one_is_queued_where_it_was_sent()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.AcceptConversationsWithNoAgentsOnline = true);
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { FallbackDepartmentId = Ids.Sales });
        foreach (var agent in new[] { Ids.Alice, Ids.Bob, Ids.Mia })
        {
            await desk.UpdateAgentAsync(agent, a => a with { Status = AgentStatus.Offline });
        }

        var arrived = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello")).Ok();

        Assert.Equal((ConversationState.Queued, Ids.Support), (arrived.State, arrived.DepartmentId));
    }

    [Fact]
    public async Task A_message_to_an_open_conversation_goes_on_in_it_when_its_department_has_nobody_online()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var open = await desk.TakenAsync(Ids.Alice);
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { FallbackDepartmentId = Ids.Sales });
        foreach (var agent in new[] { Ids.Alice, Ids.Bob, Ids.Mia })
        {
            await desk.UpdateAgentAsync(agent, a => a with { Status = AgentStatus.Offline });
        }

        var written = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Still there?")).Ok();

        Assert.Equal((open.Id, Ids.Support), (written.Id, written.DepartmentId));
    }

    [Theory]
    [InlineData("support online", "support", null)]
    [InlineData("fallback online", "sales", null)]
    [InlineData("nobody online", null, OperationErrorCode.Offline)]
    public async Task An_arrival_for_a_department_with_a_fallback_reads_who_is_online_in_each_department_once(string world, string? queuedIn, OperationErrorCode? refusal)
    {
        var agents = new OnlineReadCountingAgentStore(new InMemoryAgentStore());
        using var desk = await SupportOfflineFallingBackToSalesAsync(agents);
        if (world == "support online")
        {
            await desk.UpdateAgentAsync(Ids.Bob, a => a with { Status = AgentStatus.Available });
        }
        else if (world == "nobody online")
        {
            await desk.UpdateAgentAsync(Ids.Sam, a => a with { Status = AgentStatus.Offline });
        }

        agents.Reads.Clear();
        var arrived = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello");

        Assert.Equal(refusal, arrived.Error?.Code);
        Assert.Equal(queuedIn, arrived.Value?.DepartmentId.Value);
        Assert.All(agents.Reads, read => Assert.Equal(1, read.Value));
        Assert.Equal(world == "support online" ? ["support"] : ["sales", "support"], agents.Reads.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>Counts the reads of a department's members (how the service learns whether anybody there is online), per department.</summary>
    private sealed class OnlineReadCountingAgentStore(IAgentStore inner) : IAgentStore
    {
        public ConcurrentDictionary<string, int> Reads { get; } = new(StringComparer.Ordinal);

        public ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public ValueTask<Agent> SaveAsync(Agent entity, CancellationToken cancellationToken) => inner.SaveAsync(entity, cancellationToken);

        public ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken) => inner.FindByUsernameAsync(username, cancellationToken);

        public ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken)
        {
            Reads.AddOrUpdate(department.Value, 1, static (_, count) => count + 1);
            return inner.ListByDepartmentAsync(department, cancellationToken);
        }
    }
}
