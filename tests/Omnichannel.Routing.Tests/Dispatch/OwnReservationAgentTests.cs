using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>
/// The router's own take reads its serving agent from the reservation it resolves instead of looking the id up: that
/// agent is the directory's own object, so the take counts exactly as one whose agent is found by id, and any other id
/// is still looked up.
/// </summary>
public class OwnReservationAgentTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly DepartmentId Sales = new("sales");

    [Fact]
    public void A_take_resolving_the_routers_own_reservation_counts_as_a_take_whose_agent_is_found_by_id()
    {
        var (own, ownAgent, _, ownEntry) = NewDirectory();
        var (byId, byIdAgent, _, byIdEntry) = NewDirectory();
        own.Reserve(ownAgent, ownEntry);
        byId.Reserve(byIdAgent, byIdEntry);
        var taken = Taken(ownEntry, ownAgent.Id);
        var at = Start + Duration.FromMinutes(1);

        own.ApplyServed(taken, at, (ownAgent, ownEntry));
        byId.ApplyServed(taken, at);
        byId.Release(byIdAgent, byIdEntry);

        Assert.Equal(Snapshot(byIdAgent), Snapshot(ownAgent));
        Assert.Equal((1, 0, 1, 1), (ownAgent.ActiveConversations, ownAgent.ReservedConversations, ownAgent.CountedIn(Sales), ownAgent.CountedOn(Conversation.DefaultChannel)));
        Assert.Equal(at, ownAgent.LastRoutedAt);
    }

    [Fact]
    public void The_agent_of_the_reservation_is_the_directorys_own_and_other_ids_are_looked_up()
    {
        var (directory, first, second, entry) = NewDirectory();

        Assert.True(directory.TryGet(first.Id, out var found));
        Assert.Same(found, directory.AgentOf(first.Id, (first, entry)));
        Assert.Same(second, directory.AgentOf(second.Id, (first, entry)));
        Assert.Same(second, directory.AgentOf(second.Id, reservation: null));
        Assert.Null(directory.AgentOf(new AgentId("nobody"), (first, entry)));
    }

    [Fact]
    public void A_take_by_another_agent_than_the_reserved_one_counts_on_that_agent_and_releases_the_reservation()
    {
        var (directory, reserved, other, entry) = NewDirectory();
        directory.Reserve(reserved, entry);

        directory.ApplyServed(Taken(entry, other.Id), Start + Duration.FromMinutes(1), (reserved, entry));

        Assert.Equal((0, 0, 0), (reserved.ActiveConversations, reserved.ReservedConversations, reserved.CountedIn(Sales)));
        Assert.Equal((1, 0, 1), (other.ActiveConversations, other.ReservedConversations, other.CountedIn(Sales)));
    }

    private static (int Active, int Reserved, int InSales, int OnChannel, string Serving, Instant LastRoutedAt) Snapshot(RoutedAgent agent) =>
        (agent.ActiveConversations, agent.ReservedConversations, agent.CountedIn(Sales), agent.CountedOn(Conversation.DefaultChannel), string.Join(',', agent.ServingOrNone.Select(c => c.Value).Order(StringComparer.Ordinal)), agent.LastRoutedAt);

    private static (AgentDirectory Directory, RoutedAgent First, RoutedAgent Second, QueueEntry Entry) NewDirectory()
    {
        var departments = new Dictionary<DepartmentId, DepartmentRouting>();
        var routing = new DepartmentRouting(new Department { Id = Sales, Name = "Sales", MaxChatsPerAgent = 5 }, new object(), Duration.FromMinutes(5));
        departments[Sales] = routing;
        var directory = new AgentDirectory(departments, new WorkspaceRules(CountOnHold: true, WorkspaceLimit: 0, RouteToAway: false, BotsFirst: false));
        directory.Apply(NewAgent("a1"));
        directory.Apply(NewAgent("a2"));
        Assert.True(directory.TryGet(new AgentId("a1"), out var first));
        Assert.True(directory.TryGet(new AgentId("a2"), out var second));
        var queued = new Conversation
        {
            Id = new ConversationId("c1"),
            ContactId = new ContactId("k1"),
            DepartmentId = Sales,
            CreatedAt = Start,
            QueuedAt = Start,
            Version = 1,
        };
        return (directory, first, second, new QueueEntry(queued, 1, null, [], [], []));
    }

    private static Agent NewAgent(string id) => new()
    {
        Id = new AgentId(id),
        Username = id,
        Departments = [Sales],
        Status = AgentStatus.Available,
        StatusChangedAt = Start,
        Skills = ImmutableDictionary<string, int>.Empty,
    };

    private static Conversation Taken(QueueEntry entry, AgentId agent) => new()
    {
        Id = entry.Id,
        ContactId = new ContactId("k1"),
        DepartmentId = Sales,
        CreatedAt = Start,
        QueuedAt = Start,
        State = ConversationState.Taken,
        ServingAgentId = agent,
        Version = 2,
    };
}
