using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Outbox;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>
/// Session 6 made the assignment path cheaper: decisions without a state machine when the stores answer at once, agent
/// notice texts built once per name, records built for one write numbered in place by the in-memory store, members of a
/// department listed once until a write touches them. Each fast path must give what the general path gives, and fall back.
/// </summary>
public sealed class AssignmentFastPathTests
{
    /// <summary>An agent store whose reads answer later (as a database does): the take goes the general, awaiting way.</summary>
    private sealed class LateAgentStore(IAgentStore inner) : IAgentStore
    {
        public async ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.GetAsync(id, cancellationToken);
        }

        public ValueTask<Agent> SaveAsync(Agent entity, CancellationToken cancellationToken) => inner.SaveAsync(entity, cancellationToken);

        public ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken) => inner.FindByUsernameAsync(username, cancellationToken);

        public ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken) => inner.ListByDepartmentAsync(department, cancellationToken);
    }

    /// <summary>A department store whose reads answer later.</summary>
    private sealed class LateDepartmentStore(IDepartmentStore inner) : IDepartmentStore
    {
        public async ValueTask<Department?> GetAsync(DepartmentId id, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return await inner.GetAsync(id, cancellationToken);
        }

        public ValueTask<Department> SaveAsync(Department entity, CancellationToken cancellationToken) => inner.SaveAsync(entity, cancellationToken);

        public ValueTask<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
    }

    /// <summary>A host's close contributor that keeps the record it was shown (and asks for no job).</summary>
    private sealed class KeepingContributor : IConversationCloseContributor
    {
        public Conversation? Shown { get; private set; }

        public ValueTask<IReadOnlyList<OutboxMessage>> GetCloseJobsAsync(Conversation closed, Agent? closer, CancellationToken cancellationToken)
        {
            Shown = closed;
            return ValueTask.FromResult<IReadOnlyList<OutboxMessage>>([]);
        }
    }

    private static async Task<(Conversation Taken, Conversation Assigned, IReadOnlyList<Message> Messages, Conversation Refused)> TakeAssignAndRefuseAsync(OmnichannelHarness desk)
    {
        await desk.AgentAsync(new AgentId("lea"), [Ids.Support], a => a with { DisplayName = "Léa Durand", MaxSimultaneousConversations = 1 });
        var first = await desk.QueuedAsync(Ids.Dave);
        var second = await desk.QueuedAsync(Ids.Erin);
        var taken = (await desk.Conversations.TakeAsync(first.Id, Ids.Alice)).Ok();
        var assigned = (await desk.Conversations.AssignAsync(second.Id, new AgentId("lea"))).Ok();
        // Léa is full (room for 1): the claim refuses, decided again from fresh reads before the caller is told.
        var third = await desk.QueuedAsync(await desk.ContactAsync(new ContactId("zoe")));
        (await desk.Conversations.AssignAsync(third.Id, new AgentId("lea"))).Refused(OperationErrorCode.AtCapacity);
        // Sam is not a member of support: refused (the remembered agent's refusal is confirmed fresh).
        (await desk.Conversations.TakeAsync(third.Id, Ids.Sam)).Refused(OperationErrorCode.NotDepartmentMember, "'sam'");
        return (taken, assigned, await desk.MessagesAsync(assigned.Id), await desk.ReadAsync(third.Id));
    }

    /// <summary>What a take decides (the id differs: each world makes its own).</summary>
    private static object Shape(Conversation c) =>
        (c.State, c.ServingAgentId, c.PreviousAgentId, c.MessageCount, c.Version, c.FirstTakenAt, c.QueuedAt, c.LastAuthorKind, c.ContactWaitingSince, c.ContactId, c.DepartmentId);

    [Fact]
    public async Task A_take_and_an_assignment_store_the_same_whether_the_stores_answer_at_once_or_later()
    {
        using var atOnce = await OmnichannelHarness.CreateAsync();
        using var later = await OmnichannelHarness.CreateAsync(services: s => s
            .AddSingleton<IAgentStore>(new LateAgentStore(new InMemoryAgentStore()))
            .AddSingleton<IDepartmentStore>(new LateDepartmentStore(new InMemoryDepartmentStore())));

        var fast = await TakeAssignAndRefuseAsync(atOnce);
        var slow = await TakeAssignAndRefuseAsync(later);

        foreach (var (a, b) in new[] { (fast.Taken, slow.Taken), (fast.Assigned, slow.Assigned), (fast.Refused, slow.Refused) })
        {
            Assert.Equal(Shape(a), Shape(b));
            Assert.Equal(a.ServedBy.ToArray(), b.ServedBy.ToArray());
        }

        Assert.Equal(fast.Messages.Select(m => (m.Sequence, m.AuthorKind, m.AuthorId, m.Text)), slow.Messages.Select(m => (m.Sequence, m.AuthorKind, m.AuthorId, m.Text)));
        Assert.Equal("Léa Durand joined the conversation.", fast.Messages[^1].Text);
        Assert.Equal(ConversationState.Queued, fast.Refused.State);
    }

    [Fact]
    public async Task A_monitor_of_units_closes_through_the_general_path_that_reads_the_departments()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var north = new UnitId("north");
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { UnitId = north });
        await desk.AgentAsync(new AgentId("max"), [], a => a with { Roles = AgentRoles.Monitor, SupervisedUnits = [north] });
        var taken = await desk.TakenAsync(Ids.Alice);

        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(new AgentId("max")))).Ok();

        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.Equal("max closed the conversation.", (await desk.MessagesAsync(closed.Id))[^1].Text);
    }

    [Fact]
    public async Task Records_an_operation_returned_keep_their_version_after_later_writes()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var contributor = new KeepingContributor();
        using var withContributor = await OmnichannelHarness.CreateAsync(services: s => s.AddSingleton<IConversationCloseContributor>(contributor));

        foreach (var harness in new[] { desk, withContributor })
        {
            var opened = (await harness.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello")).Ok();
            var taken = (await harness.Conversations.TakeAsync(opened.Id, Ids.Alice)).Ok();
            var answered = (await harness.Conversations.PostAgentMessageAsync(opened.Id, Ids.Alice, "Hi")).Ok();
            var written = (await harness.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Thanks")).Ok();
            var closed = (await harness.Conversations.CloseAsync(opened.Id, Actor.Agent(Ids.Alice))).Ok();

            Assert.Equal([1L, 2L, 3L, 4L, 5L], [opened.Version, taken.Version, answered.Version, written.Version, closed.Version]);
            Assert.Equal([ConversationState.Queued, ConversationState.Taken, ConversationState.Taken, ConversationState.Taken, ConversationState.Closed],
                [opened.State, taken.State, answered.State, written.State, closed.State]);
            Assert.Equal([1, 2, 3, 4, 5], [opened.MessageCount, taken.MessageCount, answered.MessageCount, written.MessageCount, closed.MessageCount]);
            Assert.Equal(closed, await harness.ReadAsync(opened.Id));
        }

        // The record shown to a contributor may be kept by it: the store stores a copy and leaves the one shown as it was.
        Assert.Equal(4L, contributor.Shown!.Version);
        Assert.Equal(ConversationState.Closed, contributor.Shown.State);
    }

    [Fact]
    public async Task A_department_listed_after_a_write_shows_the_write()
    {
        var store = new InMemoryAgentStore();
        var alice = await store.SaveAsync(new Agent { Id = Ids.Alice, Username = "alice", Departments = [Ids.Support], Status = AgentStatus.Available }, default);
        Assert.Equal(AgentStatus.Available, Assert.Single(await store.ListByDepartmentAsync(Ids.Support, default)).Status);

        alice = await store.SaveAsync(alice with { Status = AgentStatus.Away }, default);
        Assert.Equal(AgentStatus.Away, Assert.Single(await store.ListByDepartmentAsync(Ids.Support, default)).Status);

        await store.SaveAsync(new Agent { Id = Ids.Bob, Username = "bob", Departments = [Ids.Support], Status = AgentStatus.Available }, default);
        Assert.Equal([Ids.Alice, Ids.Bob], (await store.ListByDepartmentAsync(Ids.Support, default)).Select(a => a.Id));

        await store.SaveAsync(alice with { Departments = [Ids.Sales] }, default);
        Assert.Equal([Ids.Bob], (await store.ListByDepartmentAsync(Ids.Support, default)).Select(a => a.Id));
        Assert.Equal([Ids.Alice], (await store.ListByDepartmentAsync(Ids.Sales, default)).Select(a => a.Id));
    }

    [Fact]
    public void An_agent_notice_text_is_the_name_and_the_suffix_for_every_name_even_when_names_share_a_slot()
    {
        var texts = new AgentNoticeTexts(" joined the conversation.");
        // More names than slots: many share one, and a slot holding another name's text is a miss, never that text.
        var names = Enumerable.Range(0, 10_000).Select(i => $"agent {i}").Concat(["", "a", "é", "agent 1 joined"]).ToArray();
        foreach (var round in new[] { 1, 2 })
        {
            foreach (var name in names)
            {
                Assert.Equal(name + " joined the conversation.", texts.For(name));
            }
        }

        Assert.Same(texts.For("Léa"), texts.For("Léa"));
    }

    [Fact]
    public async Task With_subscribers_only_a_throwing_subscriber_is_isolated_and_the_next_one_hears()
    {
        var dispatcher = new DomainEventDispatcher([], NullLogger<DomainEventDispatcher>.Instance);
        var heard = new List<DomainEvent>();
        using var failing = dispatcher.Subscribe(new Throwing());
        using var listening = dispatcher.Subscribe(new Collecting(heard));
        var changed = new DepartmentChanged(OmnichannelHarness.Start, new Department { Id = Ids.Support, Name = "Support" }, null);

        await dispatcher.PublishAsync(changed, CancellationToken.None);

        Assert.Same(changed, Assert.Single(heard));
    }

    private sealed class Throwing : IDomainEventSubscriber
    {
        public void OnEvent(DomainEvent domainEvent) => throw new InvalidOperationException("A subscriber's bug.");
    }

    private sealed class Collecting(List<DomainEvent> heard) : IDomainEventSubscriber
    {
        public void OnEvent(DomainEvent domainEvent) => heard.Add(domainEvent);
    }
}
