using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The lifecycle operations (take, agent message, close) decide from the reads of <see cref="IAgentStore.GetForChangeAsync"/>,
/// which a store may answer from what its process remembers. These tests prove, through <see cref="IConversationService"/>
/// and two processes sharing the stores, that a remembered record made stale by the other process never lets a write
/// through: the store refuses the write decided from it (<see cref="ConversationWrite.DecidedFromAgent"/>), and the
/// operation decides again from fresh reads. An adapter's test project inherits this class and implements
/// <see cref="CreateTwoProcessesAsync"/>.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads. Each test first checks, through
/// <see cref="IAgentStore.GetForChangeAsync"/>, that process one really answers from a stale record when
/// <see cref="RemembersReads"/> is true: the refusal or the fresh decision that follows can then only come from the
/// write's version check and the retry.
/// </remarks>
public abstract class RememberedReadsConformanceTests
{
    private static readonly DepartmentId Support = new("support");
    private static readonly DepartmentId Billing = new("billing");
    private static readonly AgentId Alice = new("alice");
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// Two containers over one fresh, empty database, each as a separate process would build it
    /// (<c>AddOmnichannel(o =&gt; o.AcceptConversationsWithNoAgentsOnline = true)</c> and the adapter), started (schema
    /// migrated). A store that keeps nothing in memory (the in-memory default) may return one container twice.
    /// </summary>
    /// <returns>Process one (the one acting on stale reads) and process two (the one changing the agent).</returns>
    protected abstract ValueTask<(IServiceProvider One, IServiceProvider Two)> CreateTwoProcessesAsync();

    /// <summary>True when the stores of process one answer <see cref="IAgentStore.GetForChangeAsync"/> from memory.</summary>
    protected virtual bool RemembersReads => true;

    /// <summary>An agent deactivated by another process cannot take a conversation: nothing is written.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public Task A_take_by_an_agent_another_process_deactivated_is_refused_and_nothing_is_written() =>
        TakeAfterAnotherProcessChangedAliceAsync(static alice => alice with { Deactivated = true }, OperationErrorCode.NotPermitted);

    /// <summary>An agent another process removed from the department cannot take its conversations: nothing is written.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public Task A_take_by_an_agent_another_process_removed_from_the_department_is_refused_and_nothing_is_written() =>
        TakeAfterAnotherProcessChangedAliceAsync(static alice => alice with { Departments = [Billing] }, OperationErrorCode.NotDepartmentMember);

    /// <summary>An agent another process set Away cannot take a conversation: nothing is written.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public Task A_take_by_an_agent_another_process_set_away_is_refused_and_nothing_is_written() =>
        TakeAfterAnotherProcessChangedAliceAsync(static alice => alice with { Status = AgentStatus.Away }, OperationErrorCode.AgentNotAvailable);

    /// <summary>
    /// A capacity another process lowered holds for the next take: the take is decided again from the fresh agent, whose
    /// limit refuses it, where the remembered one (no limit) would have let it through.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public Task A_take_after_another_process_lowered_the_agents_capacity_is_decided_from_the_fresh_limit() =>
        TakeAfterAnotherProcessChangedAliceAsync(static alice => alice with { MaxSimultaneousConversations = 1 }, OperationErrorCode.AtCapacity);

    /// <summary>
    /// A change of the agent that does not concern the take (their display name) refuses only the first attempt's write:
    /// the retry decides from the fresh agent and the take succeeds.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_take_after_another_process_changed_something_else_of_the_agent_succeeds_from_the_fresh_record()
    {
        var (one, two, first, second) = await ArrangeAsync();
        var changed = await ChangeAliceInProcessTwoAsync(one, two, static alice => alice with { DisplayName = "Alice Liddell" });

        var taken = (await one.GetRequiredService<IConversationService>().TakeAsync(second, Alice)).GetValueOrThrow();

        Assert.Equal(Alice, taken.ServingAgentId);
        Assert.Equal(Alice, (await two.GetRequiredService<IConversationStore>().GetAsync(second, None))!.ServingAgentId);
        Assert.Equal(changed.Version, (await one.GetRequiredService<IAgentStore>().GetForChangeAsync(Alice, None))!.Version);
        Assert.NotEqual(first, second);
    }

    /// <summary>An agent deactivated by another process cannot write to the conversation they serve: no message is appended.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task An_agent_message_by_an_agent_another_process_deactivated_is_refused_and_nothing_is_appended()
    {
        var (one, two, first, _) = await ArrangeAsync();
        var service = one.GetRequiredService<IConversationService>();
        (await service.PostAgentMessageAsync(first, Alice, "Hello, I am looking into it.")).GetValueOrThrow();
        var before = (await two.GetRequiredService<IConversationStore>().GetAsync(first, None))!;
        await ChangeAliceInProcessTwoAsync(one, two, static alice => alice with { Deactivated = true });

        var refused = await service.PostAgentMessageAsync(first, Alice, "Still there?");

        Assert.Equal(OperationErrorCode.NotPermitted, refused.Error?.Code);
        var after = (await two.GetRequiredService<IConversationStore>().GetAsync(first, None))!;
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.MessageCount, after.MessageCount);
    }

    /// <summary>An agent deactivated by another process cannot close the conversation they serve: it stays open.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_close_by_an_agent_another_process_deactivated_is_refused_and_the_conversation_stays_open()
    {
        var (one, two, first, _) = await ArrangeAsync();
        var service = one.GetRequiredService<IConversationService>();
        (await service.PostAgentMessageAsync(first, Alice, "Hello, I am looking into it.")).GetValueOrThrow();
        await ChangeAliceInProcessTwoAsync(one, two, static alice => alice with { Deactivated = true });

        var refused = await service.CloseAsync(first, Actor.Agent(Alice));

        Assert.Equal(OperationErrorCode.NotPermitted, refused.Error?.Code);
        Assert.Equal(ConversationState.Taken, (await two.GetRequiredService<IConversationStore>().GetAsync(first, None))!.State);
    }

    private async Task TakeAfterAnotherProcessChangedAliceAsync(Func<Agent, Agent> change, OperationErrorCode expected)
    {
        var (one, two, _, second) = await ArrangeAsync();
        await ChangeAliceInProcessTwoAsync(one, two, change);

        var refused = await one.GetRequiredService<IConversationService>().TakeAsync(second, Alice);

        Assert.Equal(expected, refused.Error?.Code);
        var stored = (await two.GetRequiredService<IConversationStore>().GetAsync(second, None))!;
        Assert.Equal(ConversationState.Queued, stored.State);
        Assert.Null(stored.ServingAgentId);
    }

    /// <summary>
    /// Changes Alice through process two's store, then checks what process one decides from: the stale record when it
    /// remembers reads (so only the write's check can stop it), else the fresh one.
    /// </summary>
    private async Task<Agent> ChangeAliceInProcessTwoAsync(IServiceProvider one, IServiceProvider two, Func<Agent, Agent> change)
    {
        var agents = two.GetRequiredService<IAgentStore>();
        var stale = (await agents.GetAsync(Alice, None))!;
        var changed = await agents.SaveAsync(change(stale), None);
        var decidedFrom = (await one.GetRequiredService<IAgentStore>().GetForChangeAsync(Alice, None))!;
        Assert.Equal(RemembersReads ? stale.Version : changed.Version, decidedFrom.Version);
        return changed;
    }

    /// <summary>Support with Alice (available, no limit), two queued conversations, the first taken by Alice in process one.</summary>
    private async Task<(IServiceProvider One, IServiceProvider Two, ConversationId First, ConversationId Second)> ArrangeAsync()
    {
        var (one, two) = await CreateTwoProcessesAsync();
        var departments = one.GetRequiredService<IDepartmentService>();
        (await departments.SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        (await departments.SaveAsync(new Department { Id = Billing, Name = "Billing" })).GetValueOrThrow();
        (await one.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = Alice, Username = "alice", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
        var service = one.GetRequiredService<IConversationService>();
        var ids = new List<ConversationId>();
        foreach (var name in new[] { "k-1", "k-2" })
        {
            var contact = new ContactId(name);
            await one.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = contact, Name = name }, None);
            ids.Add((await service.ReceiveContactMessageAsync(contact, Support, "Hello")).GetValueOrThrow().Id);
        }

        // Process one now remembers Alice (available, a member of Support, no limit) and Support.
        (await service.TakeAsync(ids[0], Alice)).GetValueOrThrow();
        return (one, two, ids[0], ids[1]);
    }
}
