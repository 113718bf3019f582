using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>
/// The in-memory store's queued index holds each queued conversation's record, kept current by every write (a router reads
/// a department's queue from it without a look-up per conversation). Whatever the writes (queued, written again while
/// queued, taken, queued again, moved to another department, closed), a read of a department's queue and the count of
/// conversations ahead answer exactly what the stored records, read one by one, say.
/// </summary>
public sealed class InMemoryQueuedIndexTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly DepartmentId[] Departments = [new("sales"), new("support")];
    private static readonly ConversationPriority[] Priorities = [ConversationPriority.None, new("High")];
    private static readonly QueuePlaceOrder Order = new(["High"]);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_queue_read_answers_what_the_records_read_one_by_one_say(int seed)
    {
        var random = new Random(seed);
        var store = new InMemoryConversationStore();
        var ids = new List<ConversationId>();
        for (var i = 0; i < 12; i++)
        {
            var id = new ConversationId($"c{i:D2}");
            ids.Add(id);
            await store.CreateOrGetOpenAsync(new ConversationWrite(new Conversation
            {
                Id = id,
                ContactId = new ContactId($"k{i:D2}"),
                DepartmentId = Departments[i % 2],
                CreatedAt = Start + Duration.FromSeconds(i),
                QueuedAt = Start + Duration.FromSeconds(i),
            }), CancellationToken.None);
        }

        for (var step = 0; step < 300; step++)
        {
            var current = (await store.GetAsync(ids[random.Next(ids.Count)], CancellationToken.None))!;
            if (!current.IsOpen)
            {
                continue;
            }

            var at = Start + Duration.FromMinutes(step + 1);
            Conversation next = random.Next(6) switch
            {
                0 => current with { State = ConversationState.Taken, ServingAgentId = new AgentId($"a{random.Next(3)}") },
                1 => current with { State = ConversationState.Queued, ServingAgentId = null, QueuedAt = at },
                2 => current with { Priority = Priorities[random.Next(Priorities.Length)] }, // written again, the state kept
                3 => current with { DepartmentId = Departments[random.Next(Departments.Length)], State = ConversationState.Queued, ServingAgentId = null, QueuedAt = at },
                4 when random.Next(4) == 0 => current with { State = ConversationState.Closed, ClosedAt = at },
                _ => current with { Topic = $"step {step}" },
            };

            try
            {
                await store.SaveAsync(new ConversationWrite(next), CancellationToken.None);
            }
            catch (ConcurrencyConflictException)
            {
                // Moving to a department where the contact already has an open conversation: refused, nothing written.
            }

            var all = new List<Conversation>();
            foreach (var id in ids)
            {
                all.Add((await store.GetAsync(id, CancellationToken.None))!);
            }

            foreach (var department in Departments)
            {
                var expected = all.Where(c => c.State == ConversationState.Queued && c.DepartmentId == department)
                    .OrderBy(c => c.CreatedAt).ThenBy(c => c.Id.Value, StringComparer.Ordinal).ToList();
                var read = await store.QueryAsync(new ConversationQuery { DepartmentId = department, States = [ConversationState.Queued] }, CancellationToken.None);
                Assert.Equal(expected, read);
                foreach (var queued in expected)
                {
                    var ahead = expected.Count(c => c.Id != queued.Id && QueueOrder.Compare(c, queued, Order.Priorities) < 0);
                    Assert.Equal(ahead, await store.CountQueuedAheadAsync(queued, Order, CancellationToken.None));
                }
            }
        }
    }
}
