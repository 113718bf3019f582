using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Queues;

/// <summary>
/// A department's sorted queue (a sorted run plus a sorted set beside it) holds and answers exactly what the
/// <see cref="SortedSet{T}"/> it replaced did with the same comparer: count, first entry, order, and the result of every
/// add and remove, whatever order entries arrive and leave in (in order, before the head, in the middle, twice, unknown).
/// </summary>
public class SortedQueuePropertyTests
{
    private const int Pool = 40;
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private static readonly string[] Priorities = ["Highest", "High"];

    private enum Kind
    {
        Add,
        AddNext,
        Remove,
        RemoveFirst,
        Reprioritize,
        MakeRoom,
    }

    private readonly record struct Step(Kind Kind, int Entry, int Value);

    private static readonly Gen<Step> Steps =
        from kind in Gen.Frequency(
            (3, Gen.Constant(Kind.Add)), (6, Gen.Constant(Kind.AddNext)), (2, Gen.Constant(Kind.Remove)),
            (5, Gen.Constant(Kind.RemoveFirst)), (1, Gen.Constant(Kind.Reprioritize)), (1, Gen.Constant(Kind.MakeRoom)))
        from entry in Gen.Choose(0, Pool - 1)
        from value in Gen.Choose(0, 3)
        select new Step(kind, entry, value);

    [Fact]
    public void Every_operation_answers_as_the_sorted_set_with_the_same_comparer_did()
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(300).WithEndSize(200).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Steps.ArrayOf().ToArbitrary(), Run));
    }

    [Fact]
    public void Entries_added_in_order_come_out_first_to_last_and_one_put_back_is_first_again()
    {
        var queue = new SortedQueue();
        var entries = Enumerable.Range(0, 100).Select(i => NewEntry(i, queuedMs: i, priority: 0)).ToArray();
        queue.EnsureCapacity(entries.Length);
        foreach (var entry in entries)
        {
            Assert.True(queue.Add(entry));
        }

        Assert.False(queue.Add(entries[50]));
        var first = queue.Min!;
        Assert.Same(entries[0], first);
        Assert.True(queue.Remove(first));
        Assert.Same(entries[1], queue.Min);
        Assert.True(queue.Add(first)); // a refused assignment puts it back: first again
        Assert.Same(entries[0], queue.Min);
        Assert.True(queue.Remove(entries[40])); // from the middle
        Assert.False(queue.Remove(entries[40]));
        Assert.Equal(entries.Where((_, i) => i != 40), Enumerate(queue));
    }

    [Fact]
    public void Changing_the_queue_while_enumerating_it_fails_as_the_sorted_set_did()
    {
        var queue = new SortedQueue();
        queue.Add(NewEntry(1, 1, 0));
        queue.Add(NewEntry(2, 2, 0));
        Assert.Throws<InvalidOperationException>(() =>
        {
            foreach (var entry in queue)
            {
                queue.Add(NewEntry(3, 3, 0));
            }
        });
    }

    private static void Run(Step[] steps)
    {
        var comparer = QueueEntryComparer.Instance;
        var model = new SortedSet<QueueEntry>(comparer);
        var queue = new SortedQueue();
        var sequence = 0L;
        var entries = new QueueEntry[Pool];
        var nextQueued = 0;
        for (var i = 0; i < Pool; i++)
        {
            entries[i] = NewEntry(++sequence, queuedMs: (i * 7) % Pool, priority: i % 5 == 0 ? 1 : 0);
        }

        foreach (var step in steps)
        {
            switch (step.Kind)
            {
                case Kind.Add:
                    Same(model.Add(entries[step.Entry]), queue.Add(entries[step.Entry]));
                    break;
                case Kind.AddNext:
                    // A new conversation queued after every other (the usual case: appended to the run), sometimes with a priority.
                    var next = NewEntry(++sequence, queuedMs: Pool + nextQueued++, priority: step.Value == 0 ? 1 : 0);
                    entries[step.Entry] = next;
                    Same(model.Add(next), queue.Add(next));
                    break;
                case Kind.Remove:
                    Same(model.Remove(entries[step.Entry]), queue.Remove(entries[step.Entry]));
                    break;
                case Kind.RemoveFirst:
                    if (model.Min is { } first)
                    {
                        Assert.Same(first, queue.Min);
                        Same(model.Remove(first), queue.Remove(first));
                    }

                    break;
                case Kind.Reprioritize:
                    // As the book does: out of the queue, new priority, back in.
                    var entry = entries[step.Entry];
                    var wasIn = model.Remove(entry);
                    Same(wasIn, queue.Remove(entry));
                    entry.Reprioritize(step.Value switch { 0 => ConversationPriority.None, 1 => new ConversationPriority("High"), _ => ConversationPriority.Highest }, step.Value == 3 ? Start : null, Priorities);
                    if (wasIn)
                    {
                        Same(model.Add(entry), queue.Add(entry));
                    }

                    break;
                case Kind.MakeRoom:
                    // A bulk read makes room first (compacts the run in place or grows it): nothing it holds changes.
                    queue.EnsureCapacity(step.Value * 3);
                    break;
            }

            Assert.Equal(model.Count, queue.Count);
            Assert.Same(model.Min, queue.Min);
        }

        Assert.Equal(model, Enumerate(queue));
    }

    private static void Same(bool expected, bool actual) => Assert.Equal(expected, actual);

    private static List<QueueEntry> Enumerate(SortedQueue queue)
    {
        var list = new List<QueueEntry>();
        foreach (var entry in queue)
        {
            list.Add(entry);
        }

        return list;
    }

    private static QueueEntry NewEntry(long sequence, int queuedMs, int priority)
    {
        var at = Start + Duration.FromMilliseconds(queuedMs);
        var conversation = new Conversation
        {
            Id = new ConversationId($"c{sequence}"),
            ContactId = new ContactId($"k{sequence}"),
            DepartmentId = new DepartmentId("d"),
            CreatedAt = at,
            QueuedAt = at,
            Priority = priority == 1 ? new ConversationPriority("High") : ConversationPriority.None,
        };
        return new QueueEntry(conversation, sequence, serviceLevelDueAt: null, [], [], Priorities);
    }
}
