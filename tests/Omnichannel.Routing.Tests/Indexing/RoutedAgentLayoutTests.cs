using System.Collections.Immutable;
using System.Runtime;
using System.Runtime.CompilerServices;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;

namespace Omnichannel.Routing.Tests.Indexing;

/// <summary>
/// The index prefetches the bytes <see cref="CachePrefetch.RoutingFieldsStart"/> to <see cref="CachePrefetch.RoutingFieldsEnd"/>
/// of the agents the next decisions will choose: the fields a decision and an index update touch must lie there, or the
/// prefetch loads the wrong cache lines (a field added to <see cref="RoutedAgent"/> can move them).
/// </summary>
public class RoutedAgentLayoutTests
{
    [Fact]
    public void The_prefetched_bytes_hold_the_fields_a_decision_and_an_index_update_touch()
    {
        var agent = new RoutedAgent(new Agent
        {
            Id = new AgentId("layout"),
            Username = "layout",
            Status = AgentStatus.Available,
            Skills = ImmutableDictionary<string, int>.Empty,
        })
        {
            ActiveConversations = 0x51A7_0001,
            OnHoldConversations = 0x51A7_0002,
            ReservedConversations = 0x51A7_0003,
            LastRoutedAt = Instant.FromUnixTimeTicks(0x51A7_0004_0000),
            IdleSince = Instant.FromUnixTimeTicks(0x51A7_0005_0000),
        };
        var pool = new AgentPool();
        pool.Add(agent);
        // Addresses are compared with the object's words: no collection may move anything until the scan is done. Tests
        // running beside this one allocate too, and a collection they cause ends the no-GC region early: then the scan may
        // have seen moved objects, so it is repeated rather than trusted.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            Assert.True(GC.TryStartNoGCRegion(1_000_000));
            var problems = Scan(agent, pool);
            if (GCSettings.LatencyMode != GCLatencyMode.NoGCRegion)
            {
                continue;
            }

            GC.EndNoGCRegion();
            Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
            return;
        }

        Assert.Fail("Every attempt was interrupted by a garbage collection; the layout could not be checked.");
    }

    private static List<string> Scan(RoutedAgent agent, AgentPool pool)
    {
        var problems = new List<string>();
        object id = agent.Id.Value;
        object slotPool = pool;
        var expected = new Dictionary<string, (long Value, int Size)>
        {
            ["ActiveConversations"] = (agent.ActiveConversations, 4),
            ["OnHoldConversations"] = (agent.OnHoldConversations, 4),
            ["ReservedConversations"] = (agent.ReservedConversations, 4),
            ["LastRoutedAt (nanoseconds of the day)"] = (NanosecondOfDay(agent.LastRoutedAt), 8),
            ["IdleSince (nanoseconds of the day)"] = (NanosecondOfDay(agent.IdleSince), 8),
            ["Id (the string's address)"] = (Unsafe.As<object, nint>(ref id), 8),
            ["the slot's pool (its address)"] = (Unsafe.As<object, nint>(ref slotPool), 8),
        };

        // The object's bytes after its method table pointer (offset 8 from the reference), read without pinning.
        ref var firstField = ref Unsafe.As<RawObject>(agent).FirstByte;
        foreach (var (field, (value, size)) in expected)
        {
            var found = new List<int>();
            for (var offset = 8; offset + size <= 128; offset += 4)
            {
                ref var at = ref Unsafe.Add(ref firstField, offset - 8);
                var word = size == 4 ? Unsafe.ReadUnaligned<int>(ref at) : Unsafe.ReadUnaligned<long>(ref at);
                if (word == (size == 4 ? (int)value : value))
                {
                    found.Add(offset);
                }
            }

            if (found.Count != 1)
            {
                problems.Add($"{field} found at offsets [{string.Join(", ", found)}]");
            }
            else if (found[0] < CachePrefetch.RoutingFieldsStart || found[0] > CachePrefetch.RoutingFieldsEnd + 1 - size)
            {
                problems.Add($"{field} is at offset {found[0]}, outside the prefetched bytes {CachePrefetch.RoutingFieldsStart}-{CachePrefetch.RoutingFieldsEnd}");
            }
        }

        return problems;
    }

    private static long NanosecondOfDay(Instant instant) => (long)(instant.ToUnixTimeTicks() % NodaConstants.TicksPerDay * 100);

    private sealed class RawObject
    {
#pragma warning disable CS0649 // read through Unsafe.As, never assigned
        public byte FirstByte;
#pragma warning restore CS0649
    }
}
