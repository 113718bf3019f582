using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;
using static Omnichannel.Core.Tests.TestSupport.ParallelThreads;
using static Omnichannel.Core.Tests.TestSupport.Synchronously;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Many threads taking, returning and closing the same conversations at once.</summary>
public sealed class ConcurrencyTests
{
    private const int Threads = 8;
    private const int Rounds = 200;


    [Fact]
    public async Task Concurrent_takes_have_exactly_one_winner_and_every_loser_is_told_who_won()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var agents = await RegisterAgentsAsync(desk, Threads, max: 0);
        var conversation = (await desk.QueuedAsync()).Id;
        var results = new OperationResult<Conversation>[Rounds, Threads];
        var winners = new AgentId?[Rounds];

        // After each round the winner returns the conversation to the queue, so the next round races for it again.
        using var barrier = new Barrier(Threads, _ => { });
        using var roundEnd = new Barrier(Threads, b =>
        {
            var round = (int)b.CurrentPhaseNumber;
            winners[round] = Enumerable.Range(0, Threads).Where(t => results[round, t].Succeeded).Select(t => (AgentId?)agents[t]).FirstOrDefault();
            if (winners[round] is { } winner)
            {
                Wait(desk.Conversations.ReturnToQueueAsync(conversation, Actor.Agent(winner))).Ok();
            }
        });

        Run(Threads, t =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                barrier.SignalAndWait();
                results[round, t] = Wait(desk.Conversations.TakeAsync(conversation, agents[t]));
                roundEnd.SignalAndWait();
            }
        });

        for (var round = 0; round < Rounds; round++)
        {
            var roundResults = Enumerable.Range(0, Threads).Select(t => results[round, t]).ToList();
            Assert.True(roundResults.Count(r => r.Succeeded) == 1, $"Round {round}: {roundResults.Count(r => r.Succeeded)} winners.");
            var winner = winners[round]!.Value;
            foreach (var loser in roundResults.Where(r => !r.Succeeded))
            {
                loser.Refused(OperationErrorCode.AlreadyTaken, $"Conversation '{conversation}' was already taken by agent '{winner}'.");
            }
        }

        await AssertConsistentAsync(desk, agents);
        Assert.Equal(Rounds, desk.Events.OfType<ConversationStateChanged>().Count(e => e.Trigger == ConversationTrigger.Take));
    }

    [Fact]
    public async Task Close_racing_with_takes_leaves_at_most_one_winner_and_clear_refusals()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var agents = await RegisterAgentsAsync(desk, Threads - 1, max: 0);
        var conversation = (await desk.QueuedAsync()).Id;
        var takes = new OperationResult<Conversation>[Rounds, Threads - 1];
        var closes = new OperationResult<Conversation>[Rounds];
        var conversations = new ConversationId[Rounds];

        using var barrier = new Barrier(Threads, b => conversations[b.CurrentPhaseNumber] = conversation);
        using var roundEnd = new Barrier(Threads, b =>
        {
            // The contact writes again: the closed conversation stays closed and a new one is queued for the next round.
            var next = Wait(desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello again")).Ok();
            Assert.NotEqual(conversation, next.Id);
            conversation = next.Id;
        });

        Run(Threads, t =>
        {
            for (var round = 0; round < Rounds; round++)
            {
                barrier.SignalAndWait();
                var id = conversations[round];
                if (t == Threads - 1)
                {
                    closes[round] = Wait(desk.Conversations.CloseAsync(id, Actor.System));
                }
                else
                {
                    takes[round, t] = Wait(desk.Conversations.TakeAsync(id, agents[t]));
                }

                roundEnd.SignalAndWait();
            }
        });

        for (var round = 0; round < Rounds; round++)
        {
            closes[round].Ok();
            var id = conversations[round];
            var roundTakes = Enumerable.Range(0, Threads - 1).Select(t => takes[round, t]).ToList();
            var won = roundTakes.Where(r => r.Succeeded).ToList();
            Assert.True(won.Count <= 1, $"Round {round}: {won.Count} winners.");
            foreach (var loser in roundTakes.Where(r => !r.Succeeded))
            {
                if (loser.Error!.Code == OperationErrorCode.ConversationClosed)
                {
                    loser.Refused(OperationErrorCode.ConversationClosed, $"Conversation '{id}' is closed and cannot be taken; closed is final.");
                }
                else
                {
                    Assert.True(won.Count == 1, $"Round {round}: '{loser.Error}' but nobody won.");
                    loser.Refused(OperationErrorCode.AlreadyTaken, $"Conversation '{id}' was already taken by agent '{won[0].Value!.ServingAgentId}'.");
                }
            }

            Assert.Equal(ConversationState.Closed, (await desk.ReadAsync(id)).State);
        }

        await AssertConsistentAsync(desk, agents);
    }

    [Fact]
    public async Task Concurrent_takes_by_one_agent_never_exceed_the_agents_capacity()
    {
        const int limit = 3;
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateAgentAsync(Ids.Alice, a => a with { MaxSimultaneousConversations = limit });
        var contacts = await RegisterContactsAsync(desk, Threads);
        var results = new OperationResult<Conversation>[Rounds / 4, Threads];
        var queued = new ConversationId[Threads];

        void QueueOnePerContact()
        {
            for (var t = 0; t < Threads; t++)
            {
                queued[t] = Wait(desk.Conversations.ReceiveContactMessageAsync(contacts[t], Ids.Support, "Hello")).Ok().Id;
            }
        }

        QueueOnePerContact();
        using var barrier = new Barrier(Threads);
        using var roundEnd = new Barrier(Threads, _ =>
        {
            foreach (var id in queued)
            {
                Wait(desk.Conversations.CloseAsync(id, Actor.System)).Ok();
            }

            QueueOnePerContact();
        });

        Run(Threads, t =>
        {
            for (var round = 0; round < results.GetLength(0); round++)
            {
                barrier.SignalAndWait();
                results[round, t] = Wait(desk.Conversations.TakeAsync(queued[t], Ids.Alice));
                roundEnd.SignalAndWait();
            }
        });

        for (var round = 0; round < results.GetLength(0); round++)
        {
            var roundResults = Enumerable.Range(0, Threads).Select(t => results[round, t]).ToList();
            Assert.True(roundResults.Count(r => r.Succeeded) == limit, $"Round {round}: {roundResults.Count(r => r.Succeeded)} takes succeeded; the limit is {limit}.");
            foreach (var refused in roundResults.Where(r => !r.Succeeded))
            {
                refused.Refused(OperationErrorCode.AtCapacity, $"Agent 'alice' already serves {limit} conversation(s), their limit of {limit}.");
            }
        }

        await AssertConsistentAsync(desk, [Ids.Alice]);
    }

    [Fact]
    public async Task Threads_taking_returning_and_closing_at_random_leave_a_consistent_desk()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.MaxWriteAttempts = 1_000);
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { MaxChatsPerAgent = 2 });
        var agents = await RegisterAgentsAsync(desk, Threads, max: 3);
        var contacts = await RegisterContactsAsync(desk, 5);
        // Each contact's latest conversation id, shared by the threads (strings, so that reads and writes are atomic).
        var current = new string[contacts.Length];
        for (var c = 0; c < contacts.Length; c++)
        {
            current[c] = (await desk.Conversations.ReceiveContactMessageAsync(contacts[c], Ids.Support, "Hello")).Ok().Id.Value;
        }

        var outcomes = new System.Collections.Concurrent.ConcurrentBag<(string Operation, OperationError? Error)>();
        using var start = new Barrier(Threads);
        Run(Threads, t =>
        {
            var random = new Random(t);
            var agent = agents[t];
            start.SignalAndWait();
            for (var step = 0; step < 400; step++)
            {
                var c = random.Next(contacts.Length);
                var id = new ConversationId(Volatile.Read(ref current[c]));
                var dice = random.Next(100);
                if (dice < 55)
                {
                    outcomes.Add(("take", Wait(desk.Conversations.TakeAsync(id, agent)).Error));
                }
                else if (dice < 85)
                {
                    outcomes.Add(("return", Wait(desk.Conversations.ReturnToQueueAsync(id, Actor.Agent(agent))).Error));
                }
                else if (dice < 95)
                {
                    outcomes.Add(("close", Wait(desk.Conversations.CloseAsync(id, Actor.Agent(agent))).Error));
                }
                else
                {
                    // The contact writes: to the open conversation, or a new one after a close.
                    var written = Wait(desk.Conversations.ReceiveContactMessageAsync(contacts[c], Ids.Support, "Still there?")).Ok();
                    outcomes.Add(("write", null));
                    Volatile.Write(ref current[c], written.Id.Value);
                }
            }
        });

        var allowed = new Dictionary<string, OperationErrorCode[]>
        {
            ["take"] = [OperationErrorCode.AlreadyTaken, OperationErrorCode.AtCapacity, OperationErrorCode.ConversationClosed],
            ["return"] = [OperationErrorCode.InvalidTransition, OperationErrorCode.NotServingAgent, OperationErrorCode.ConversationClosed],
            ["close"] = [OperationErrorCode.NotServingAgent, OperationErrorCode.ConversationClosed],
            ["write"] = [],
        };
        foreach (var (operation, error) in outcomes.Where(o => o.Error is not null))
        {
            Assert.True(allowed[operation].Contains(error!.Code), $"{operation} answered {error}.");
        }

        Assert.Contains(outcomes, o => o.Operation == "take" && o.Error is null);
        Assert.Contains(outcomes, o => o.Operation == "take" && o.Error?.Code == OperationErrorCode.AlreadyTaken);
        await AssertConsistentAsync(desk, agents);
        AssertEveryConversationHasAnUnbrokenHistory(desk);
    }

    private static async Task<AgentId[]> RegisterAgentsAsync(OmnichannelHarness desk, int count, int max)
    {
        var agents = new AgentId[count];
        for (var i = 0; i < count; i++)
        {
            agents[i] = (await desk.AgentAsync(new AgentId($"worker-{i}"), [Ids.Support], a => a with { MaxSimultaneousConversations = max })).Id;
        }

        return agents;
    }

    private static async Task<ContactId[]> RegisterContactsAsync(OmnichannelHarness desk, int count)
    {
        var contacts = new ContactId[count];
        for (var i = 0; i < count; i++)
        {
            contacts[i] = await desk.ContactAsync(new ContactId($"contact-{i}"));
        }

        return contacts;
    }

    /// <summary>No agent over their limits, each open conversation served by at most one agent (and listed under that agent only), one open conversation per contact and department.</summary>
    private static async Task AssertConsistentAsync(OmnichannelHarness desk, IReadOnlyList<AgentId> agents)
    {
        var department = await desk.Departments.GetAsync(Ids.Support);
        var servedBy = new Dictionary<ConversationId, AgentId>();
        foreach (var id in agents)
        {
            var agent = await desk.ReadAsync(id);
            var served = await desk.Store.QueryAsync(new ConversationQuery { ServingAgentId = id, States = OpenStates.All }, default);
            foreach (var conversation in served)
            {
                Assert.True(servedBy.TryAdd(conversation.Id, id), $"Conversation '{conversation.Id}' is served by two agents.");
            }

            var load = served.Count(c => c.OccupiesServingAgent(countOnHold: false));
            Assert.True(agent.MaxSimultaneousConversations == 0 || load <= agent.MaxSimultaneousConversations, $"Agent '{id}' serves {load}, over {agent.MaxSimultaneousConversations}.");
            Assert.True(department!.MaxChatsPerAgent == 0 || load <= department.MaxChatsPerAgent, $"Agent '{id}' serves {load} of support, over {department.MaxChatsPerAgent}.");
        }

        var open = await desk.Store.QueryAsync(new ConversationQuery { DepartmentId = Ids.Support, States = OpenStates.All }, default);
        foreach (var conversation in open)
        {
            Assert.Equal(conversation.State == ConversationState.Taken, conversation.ServingAgentId is not null);
            if (conversation.ServingAgentId is { } serving && agents.Contains(serving))
            {
                Assert.Equal(serving, servedBy[conversation.Id]);
            }
        }

        Assert.All(open.GroupBy(c => c.ContactId), g => Assert.Single(g));
    }

    /// <summary>Every stored version of every conversation was published once, and each transition starts where the previous version left it: no write was lost or applied twice.</summary>
    private static void AssertEveryConversationHasAnUnbrokenHistory(OmnichannelHarness desk)
    {
        var versions = desk.Events.Events.Select<DomainEvent, (Conversation? Conversation, ConversationState? From)>(e => e switch
        {
            ConversationStateChanged changed => (changed.Conversation, changed.From),
            MessagePosted posted => (posted.Conversation, null),
            _ => (null, null),
        }).Where(v => v.Conversation is not null).GroupBy(v => v.Conversation!.Id);

        foreach (var history in versions)
        {
            // A transition that also writes a system message publishes two events for one version: MessagePosted, then
            // ConversationStateChanged; the version counts once, with the transition's From.
            var ordered = history.GroupBy(v => v.Conversation!.Version).Select(g => g.FirstOrDefault(v => v.From is not null, g.First()))
                .OrderBy(v => v.Conversation!.Version).ToList();
            Assert.Equal(Enumerable.Range(1, ordered.Count).Select(v => (long)v), ordered.Select(v => v.Conversation!.Version));
            for (var i = 1; i < ordered.Count; i++)
            {
                var before = ordered[i - 1].Conversation!.State;
                Assert.True((ordered[i].From ?? before) == before, $"Conversation '{history.Key}' version {i + 1} moved from {ordered[i].From} but version {i} was {before}.");
            }
        }
    }
}
