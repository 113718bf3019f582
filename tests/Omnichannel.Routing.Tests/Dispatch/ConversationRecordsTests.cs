using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// The applied versions, the served conversations and the queue entries share one record per conversation
/// (<see cref="ConversationRecords"/>, which also keeps the record found last). Whatever the order of versions, closes,
/// queuings, takes by known and unknown agents, and hints given by the router's own takes (current, replaced or dropped
/// records), they answer exactly as the same three components each with a table of its own, which is what the three
/// separate dictionaries they replaced did.
/// </summary>
public class ConversationRecordsTests
{
    private const int Pool = 10;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly DepartmentId Sales = new("sales");
    private static readonly AgentId[] Agents = [new("a0"), new("a1"), new("a2"), new("late")];

    private enum Kind
    {
        Queue,
        Take,
        Hold,
        Close,
        Stale,
        Join,
    }

    private readonly record struct Step(Kind Kind, int Conversation, int Agent, int Hint, int VersionStep);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Frequency(
            (5, Gen.Constant(Kind.Queue)), (5, Gen.Constant(Kind.Take)), (2, Gen.Constant(Kind.Hold)), (2, Gen.Constant(Kind.Close)),
            (2, Gen.Constant(Kind.Stale)), (1, Gen.Constant(Kind.Join)))
        from conversation in Gen.Choose(0, Pool - 1)
        from agent in Gen.Choose(0, Agents.Length - 1)
        from hint in Gen.Choose(-1, 30)
        from versionStep in Gen.Choose(1, 2)
        select new Step(kind, conversation, agent, hint, versionStep);

    [Fact]
    public void One_shared_table_answers_as_one_table_per_component()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(300).WithEndSize(120).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Steps.ArrayOf().ToArbitrary(), Run));
    }

    [Fact]
    public void A_hint_that_left_the_table_is_ignored_and_the_id_is_looked_up()
    {
        var records = new ConversationRecords();
        var id = new ConversationId("c1");
        var first = records.FindOrAdd(id);
        first.HasVersion = true;
        first.HasVersion = false;
        records.DropIfEmpty(first);
        Assert.False(first.InTable);
        Assert.False(records.TryFind(id, out _));

        records.Remember(first); // a dropped record is never found again
        var second = records.FindOrAdd(id);
        Assert.NotSame(first, second);
        records.Remember(first);
        Assert.True(records.TryFind(id, out var found));
        Assert.Same(second, found);
        Assert.Equal(1, records.Count);
    }

    [Fact]
    public void A_conversation_served_by_an_agent_the_view_does_not_know_yet_is_counted_when_the_agent_appears()
    {
        var (versions, directory, _, _) = NewView(shared: true);
        var late = Agents[^1];
        var taken = Make(0, ConversationState.Taken, late, version: 2);
        Assert.True(versions.TryApply(taken));
        directory.ApplyServed(taken);
        Assert.Equal(["c0"], directory.ServedBy(late).Select(c => c.Value));

        directory.Apply(NewAgent(late));

        Assert.True(directory.TryGet(late, out var agent));
        Assert.Equal((1, 1), (agent.ActiveConversations, agent.CountedIn(Sales)));
        Assert.Equal(["c0"], directory.ServedBy(late).Select(c => c.Value));

        // Closed: the count goes, and the record leaves the table once nothing else is known of it.
        var closed = Make(0, ConversationState.Closed, late, version: 3);
        Assert.True(versions.TryApply(closed));
        directory.ApplyServed(closed);
        Assert.Equal(0, agent.ActiveConversations);
    }

    private static bool Run(Step[] steps)
    {
        var shared = NewView(shared: true);
        var separate = NewView(shared: false, out var servedOnly);
        var versions = new long[Pool];
        var queuedAt = new int[Pool];
        var entries = new List<QueueEntry>();
        foreach (var step in steps)
        {
            if (step.Kind == Kind.Join)
            {
                shared.Directory.Apply(NewAgent(Agents[^1]));
                separate.Directory.Apply(NewAgent(Agents[^1]));
            }
            else
            {
                Conversation conversation;
                if (step.Kind == Kind.Stale)
                {
                    conversation = Make(step.Conversation, ConversationState.Queued, null, Math.Max(1, versions[step.Conversation] - 1), queuedAt[step.Conversation]);
                }
                else
                {
                    versions[step.Conversation] += step.VersionStep;
                    if (step.Kind == Kind.Queue)
                    {
                        queuedAt[step.Conversation] += step.VersionStep; // a new queuing now and then
                    }

                    conversation = Make(step.Conversation, step.Kind switch
                    {
                        Kind.Queue => ConversationState.Queued,
                        Kind.Take => ConversationState.Taken,
                        Kind.Hold => ConversationState.OnHold,
                        _ => ConversationState.Closed,
                    }, step.Kind is Kind.Queue ? null : Agents[step.Agent], versions[step.Conversation], queuedAt[step.Conversation]);
                }

                // The router's own take hints with its entry's record: any entry, current or not, must change nothing.
                if (step.Hint >= 0 && step.Hint < entries.Count)
                {
                    shared.Records.Remember(entries[step.Hint].Record);
                }

                var a = Apply(shared, conversation);
                var b = Apply(separate, conversation);
                if (a.Entry is { } added)
                {
                    entries.Add(added);
                }

                if (a.Applied != b.Applied || a.Freed != b.Freed || (a.Entry is null) != (b.Entry is null))
                {
                    return false;
                }
            }

            if (Snapshot(shared) != Snapshot(separate) || !CountedAsServed(separate.Directory, servedOnly))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What <see cref="StoreView.ApplyConversation"/> does with the three components.</summary>
    private static (bool Applied, bool Freed, QueueEntry? Entry) Apply((ConversationVersions Versions, AgentDirectory Directory, QueueBook Queues, ConversationRecords Records) view, Conversation conversation)
    {
        if (!view.Versions.TryApply(conversation))
        {
            return (false, false, null);
        }

        var freed = view.Directory.ApplyServed(conversation) is not null;
        QueueEntry? entry = null;
        if (conversation.State == ConversationState.Queued)
        {
            var inBook = view.Queues.TryGet(conversation.Id, out var known);
            if (inBook && known!.QueuedAt == conversation.QueuedAt)
            {
                known.Version = conversation.Version;
            }
            else
            {
                entry = view.Queues.Add(conversation, [], [], null, inBook);
            }
        }
        else
        {
            view.Queues.Remove(conversation.Id);
        }

        return (true, freed, entry);
    }

    /// <summary>
    /// The rule the directory keeps (what its dictionary of served conversations gave by a scan): every served conversation
    /// is counted on its agent when the directory knows the agent, and reported for the agent's id when it does not.
    /// </summary>
    private static bool CountedAsServed(AgentDirectory directory, ConversationRecords served)
    {
        foreach (var id in Agents)
        {
            var scanned = served.All.Where(r => r.HasServed && r.Served.AgentId == id).Select(r => r.Id).ToHashSet();
            if (!scanned.SetEquals(directory.ServedBy(id)))
            {
                return false;
            }
        }

        return true;
    }

    private static string Snapshot((ConversationVersions Versions, AgentDirectory Directory, QueueBook Queues, ConversationRecords Records) view)
    {
        var parts = new List<string> { $"queued {view.Queues.Count}" };
        for (var i = 0; i < Pool; i++)
        {
            var probe = Make(i, ConversationState.Queued, null, 2);
            var entry = view.Queues.TryGet(probe.Id, out var found) ? $"{found.QueuedAt} v{found.Version} {found.IsCurrent}" : "none";
            parts.Add($"c{i}: newer@2 {view.Versions.IsNewer(probe)}, entry {entry}");
        }

        foreach (var id in Agents)
        {
            var served = string.Join(',', view.Directory.ServedBy(id).Select(c => c.Value).Order(StringComparer.Ordinal));
            var counts = view.Directory.TryGet(id, out var agent)
                ? $"{agent.ActiveConversations}/{agent.OnHoldConversations}/{agent.CountedIn(Sales)}"
                : "unknown";
            parts.Add($"{id}: {counts} [{served}]");
        }

        return string.Join("; ", parts);
    }

    private static (ConversationVersions Versions, AgentDirectory Directory, QueueBook Queues, ConversationRecords Records) NewView(bool shared) => NewView(shared, out _);

    /// <param name="shared">One table for the three components, or one each.</param>
    /// <param name="directoryRecords">The directory's table (the served conversations alone when not shared).</param>
    private static (ConversationVersions Versions, AgentDirectory Directory, QueueBook Queues, ConversationRecords Records) NewView(bool shared, out ConversationRecords directoryRecords)
    {
        var departments = new Dictionary<DepartmentId, DepartmentRouting>
        {
            [Sales] = new DepartmentRouting(new Department { Id = Sales, Name = "Sales", MaxChatsPerAgent = 50 }, new object(), Duration.FromMinutes(5)),
        };
        var records = new ConversationRecords();
        directoryRecords = shared ? records : new ConversationRecords();
        var directory = new AgentDirectory(departments, new WorkspaceRules(CountOnHold: true, WorkspaceLimit: 0, RouteToAway: false, BotsFirst: false), directoryRecords);
        foreach (var id in Agents[..^1])
        {
            directory.Apply(NewAgent(id));
        }

        return (new ConversationVersions(shared ? records : new ConversationRecords()), directory, new QueueBook(departments, [], shared ? records : null), records);
    }

    private static Agent NewAgent(AgentId id) => new()
    {
        Id = id,
        Username = id.Value,
        Departments = [Sales],
        Status = AgentStatus.Available,
        StatusChangedAt = Start,
        Skills = ImmutableDictionary<string, int>.Empty,
    };

    private static Conversation Make(int index, ConversationState state, AgentId? agent, long version, int queuedMs = 0) => new()
    {
        Id = new ConversationId($"c{index}"),
        ContactId = new ContactId($"k{index}"),
        DepartmentId = Sales,
        CreatedAt = Start,
        QueuedAt = Start + Duration.FromMilliseconds(queuedMs),
        State = state,
        ServingAgentId = agent,
        ClosedAt = state == ConversationState.Closed ? Start + Duration.FromHours(1) : null,
        Version = version,
    };
}
