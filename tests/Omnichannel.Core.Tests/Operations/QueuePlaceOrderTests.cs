using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>
/// A contact's place in the queue is its conversation's index in the "Queued Chats" list: the order routing serves in
/// (configured priority, SLA due time, arrival), with custom priority names and SLA policies.
/// </summary>
public sealed class QueuePlaceOrderTests
{
    private static readonly string[] Priorities = ["Urgent", "Normal", "Later"];
    private static readonly (string Name, Duration Due)[] Policies = [("VIP", Duration.FromMinutes(5)), ("Standard", Duration.FromHours(1)), ("Relaxed", Duration.FromHours(4))];

    /// <summary>One arrival: a priority (an index into <see cref="Priorities"/>; 3 is an unconfigured name, 4 none), an SLA (3 none), minutes after the previous arrival, and the department (0 support, 1 sales).</summary>
    private sealed record Arrival(int Priority, int ServiceLevel, int MinutesAfter, int Department);

    private static readonly Gen<Arrival[]> Arrivals =
        (from priority in Gen.Choose(0, 4)
         from serviceLevel in Gen.Choose(0, 3)
         from minutes in Gen.Frequency((2, Gen.Constant(0)), (5, Gen.Choose(1, 300)))
         from department in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Constant(1)))
         select new Arrival(priority, serviceLevel, minutes, department)).ArrayOf().Where(a => a.Length > 0);

    /// <summary>The host's arrival rules, told by the test what each contact gets.</summary>
    private sealed class ScriptedRules : IArrivalRules
    {
        public Dictionary<ContactId, ArrivalClassification> ByContact { get; } = [];

        public ValueTask<ArrivalClassification> ClassifyAsync(ConversationArrival arrival, CancellationToken cancellationToken) =>
            ValueTask.FromResult(ByContact.GetValueOrDefault(arrival.Contact.Id) ?? ArrivalClassification.None);
    }

    private static void Configure(OmnichannelOptions options)
    {
        options.Priorities.Clear();
        foreach (var priority in Priorities)
        {
            options.Priorities.Add(priority);
        }

        foreach (var (name, due) in Policies)
        {
            options.ServiceLevelPolicies.Add(new ServiceLevelPolicy(name, due));
        }
    }

    [Fact]
    public void The_place_of_every_queued_conversation_is_its_index_in_the_queued_chats_list()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(150).WithEndSize(25).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(Arrivals), arrivals => CheckAsync(arrivals).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task An_earlier_sla_due_time_puts_a_later_arrival_of_the_same_priority_ahead()
    {
        var places = await CheckAsync([new Arrival(1, 3, 0, 0), new Arrival(1, 2, 10, 0), new Arrival(1, 0, 10, 0)]);

        Assert.Equal([3, 2, 1], places);
    }

    [Fact]
    public async Task A_custom_priority_outranks_an_earlier_arrival_and_no_priority_comes_last()
    {
        var places = await CheckAsync([new Arrival(4, 3, 0, 0), new Arrival(2, 3, 1, 0), new Arrival(0, 3, 1, 0), new Arrival(3, 0, 1, 0)]);

        // "Highest" is not configured here: the rules' unknown name is ignored, so it has no priority (but an SLA).
        Assert.Equal([4, 2, 1, 3], places);
    }

    /// <summary>Queues the arrivals, then checks both departments; returns the places of the arrivals, in arrival order.</summary>
    private static async Task<int[]> CheckAsync(Arrival[] arrivals)
    {
        var rules = new ScriptedRules();
        using var desk = await OmnichannelHarness.CreateAsync(Configure, services => services.AddSingleton<IArrivalRules>(rules));
        var queued = new List<(Conversation Conversation, Arrival Arrival)>();
        for (var i = 0; i < arrivals.Length; i++)
        {
            var arrival = arrivals[i];
            desk.Clock.Advance(Duration.FromMinutes(arrival.MinutesAfter));
            var contact = await desk.ContactAsync(new ContactId($"contact-{i:D3}"));
            rules.ByContact[contact] = new ArrivalClassification
            {
                Priority = arrival.Priority switch
                {
                    < 3 => new ConversationPriority(Priorities[arrival.Priority]),
                    3 => ConversationPriority.Highest,
                    _ => ConversationPriority.None,
                },
                ServiceLevel = arrival.ServiceLevel < Policies.Length ? Policies[arrival.ServiceLevel].Name : null,
            };
            queued.Add((await desk.QueuedAsync(contact, arrival.Department == 0 ? Ids.Support : Ids.Sales), arrival));
        }

        var places = new Dictionary<ConversationId, int>();
        foreach (var (department, agent) in new[] { (Ids.Support, Ids.Alice), (Ids.Sales, Ids.Sam) })
        {
            var list = (await desk.Conversations.ListQueuedAsync(agent)).Ok();
            Assert.Equal(queued.Count(q => q.Conversation.DepartmentId == department), list.Count);

            // The list is in the model's serving order: configured priority (none last), SLA due (none last), arrival.
            var keys = list.Select(c => Key(queued.Single(q => q.Conversation.Id == c.Id))).ToList();
            for (var i = 1; i < keys.Count; i++)
            {
                Assert.True(keys[i - 1].CompareTo(keys[i]) <= 0, $"the list is out of order at {i}: {keys[i - 1]} before {keys[i]}");
            }

            // The place of each is its 1-based index in the list.
            for (var i = 0; i < list.Count; i++)
            {
                var place = (await desk.Conversations.GetQueuePlaceAsync(list[i].Id, Actor.System)).Ok();
                Assert.Equal(i + 1, place.Position);
                places[list[i].Id] = place.Position;
            }
        }

        return [.. queued.Select(q => places[q.Conversation.Id])];
    }

    /// <summary>The serving key of an arrival, computed from what the test generated (not from the library's comparer).</summary>
    private static (int Rank, Instant Due, Instant Arrived) Key((Conversation Conversation, Arrival Arrival) queued)
    {
        var (conversation, arrival) = queued;
        var arrived = conversation.QueuedAt;
        var rank = arrival.Priority < Priorities.Length ? arrival.Priority : int.MaxValue;
        var due = arrival.ServiceLevel < Policies.Length ? arrived + Policies[arrival.ServiceLevel].Due : Instant.MaxValue;
        return (rank, due, arrived);
    }
}
