using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.BadInput;

/// <summary>
/// Hostile values thrown at routing's public surface (IRoutingService, the routing builder, the algorithms, the options):
/// a caller bug is an <see cref="ArgumentException"/> at the call, a cancelled token an <see cref="OperationCanceledException"/>
/// that changes nothing, a bad setting is refused when routing is configured, never accepted and failing while routing.
/// </summary>
public sealed class HostileRoutingInputTests
{
    private static readonly DepartmentId Support = new("d");
    private static readonly AgentId Ana = new("a");

    [Fact]
    public async Task A_default_department_is_a_caller_bug_when_reading_the_queue()
    {
        await using var h = RoutingHarness.Create();

        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Routing.GetQueueAsync(default));
    }

    [Fact]
    public async Task Default_ids_are_a_caller_bug_when_accepting_or_declining_an_offer()
    {
        await using var h = await OfferedAsync();
        var offered = (await h.QueuedAsync(Support)).Single().Id;

        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Routing.AcceptOfferAsync(default, Ana));
        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Routing.AcceptOfferAsync(offered, default));
        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Routing.DeclineOfferAsync(default, Ana));
        await Assert.ThrowsAsync<ArgumentException>(async () => await h.Routing.DeclineOfferAsync(offered, default));
        // The offer still stands: the agent can accept it.
        Assert.True((await h.Routing.AcceptOfferAsync(offered, Ana)).Succeeded);
    }

    [Fact]
    public async Task A_decline_with_a_cancelled_token_is_cancelled_and_leaves_the_offer_standing()
    {
        await using var h = await OfferedAsync();
        var offered = (await h.QueuedAsync(Support)).Single().Id;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await h.Routing.DeclineOfferAsync(offered, Ana, cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await h.Routing.AcceptOfferAsync(offered, Ana, cancelled.Token));

        Assert.True((await h.Routing.AcceptOfferAsync(offered, Ana)).Succeeded);
        Assert.Equal(Ana, await h.ServingAsync(offered));
    }

    [Fact]
    public async Task Every_routing_operation_with_a_cancelled_token_is_cancelled()
    {
        await using var h = RoutingHarness.Create();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await h.Routing.StartAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await h.Routing.DispatchAsync(cancelled.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await h.Routing.GetQueueAsync(Support, cancelled.Token));
    }

    [Fact]
    public async Task Reading_the_queue_of_a_stopped_router_names_the_router()
    {
        var h = RoutingHarness.Create();
        var routing = h.Routing;
        await h.DisposeAsync();

        var refused = await Assert.ThrowsAsync<ObjectDisposedException>(async () => await routing.GetQueueAsync(Support));
        Assert.Contains("Router", refused.ObjectName, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_department_is_a_caller_bug_when_configuring_its_routing() =>
        Assert.Throws<ArgumentException>(() => RoutingHarness.Create(r => r.ForDepartment(default, d => d.UseLeastBusy())));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(int.MaxValue + 1.0)]
    public void An_external_router_timeout_that_cannot_work_is_refused_when_routing_is_configured(double milliseconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RoutingHarness.Create(r => r.UseExternal(TimeSpan.FromMilliseconds(milliseconds))));

    [Fact]
    public void An_undefined_skills_order_is_refused_when_routing_is_configured()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RoutingHarness.Create(r => r.UseSkills(s => s.Order = (RoutingOrder)42)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RoutingAlgorithms.Skills(new SkillsRoutingOptions { Order = (RoutingOrder)(-1) }));
    }

    [Fact]
    public async Task A_custom_algorithm_asking_for_an_undefined_order_gets_an_ArgumentOutOfRangeException()
    {
        var algorithm = new CapturingAlgorithm();
        await using var h = RoutingHarness.Create(r => r.UseAlgorithm(algorithm));
        await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d");
        await h.ArriveAsync("k", "d");

        Assert.IsType<ArgumentOutOfRangeException>(algorithm.First);
        Assert.IsType<ArgumentOutOfRangeException>(algorithm.InOrder);
    }

    [Fact]
    public void A_lease_longer_than_ten_years_is_refused_for_its_length()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => RoutingHarness.Create(r => r.Configure(o => o.LeaseDuration = Duration.MaxValue)));

        Assert.Contains("RoutingOptions.LeaseDuration", refused.Message, StringComparison.Ordinal);
        Assert.Contains("ten years", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("at least twice", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_accept_racing_a_decline_of_the_same_offer_ends_in_exactly_one_outcome()
    {
        // The race is narrow (a decline that found the offer, then lost it to the accept, answered success too): many rounds.
        for (var round = 0; round < 100; round++)
        {
            await using var h = await OfferedAsync();
            var offered = (await h.QueuedAsync(Support)).Single().Id;

            var accept = Task.Run(async () => await h.Routing.AcceptOfferAsync(offered, Ana));
            var decline = Task.Run(async () => await h.Routing.DeclineOfferAsync(offered, Ana));
            var (accepted, declined) = (await accept, await decline);
            await h.SettleAsync();

            // Exactly one of them took the offer; the conversation is served by the agent, or back in the queue.
            Assert.True(accepted.Succeeded ^ declined.Succeeded, $"accepted {accepted.Succeeded}, declined {declined.Succeeded}");
            var state = await h.StateAsync(offered);
            Assert.Equal(accepted.Succeeded ? ConversationState.Taken : ConversationState.Queued, state);
        }
    }

    /// <summary>
    /// Generated calls of every IRoutingService operation with hostile ids (default, unknown, the conversation offered,
    /// one closed, one of another department, agents of another department) on an offer-mode router: each ends in a result or
    /// an ArgumentException, and afterwards no conversation is lost: each is queued, served or closed, and the queue lists
    /// exactly the queued ones.
    /// </summary>
    [Fact]
    public void Hostile_routing_calls_end_in_a_result_or_an_ArgumentException_and_lose_no_conversation()
    {
        var conversations = Gen.Elements(("default", default(ConversationId)), ("offered", new ConversationId("c-1")), ("sales", new ConversationId("c-2")),
            ("unknown", new ConversationId("nope")), ("100,000-char id", new ConversationId(new string('x', 100_000))), ("NUL id", new ConversationId("c\0")));
        var agents = Gen.Elements(("default", default(AgentId)), ("a", Ana), ("b (away)", new AgentId("b")), ("s (sales)", new AgentId("s")), ("unknown", new AgentId("nobody")),
            ("lone-surrogate id", new AgentId("a\ud800")));
        var departments = Gen.Elements(("default", default(DepartmentId)), ("d", Support), ("sales", new DepartmentId("sales")), ("unknown", new DepartmentId("nowhere")));
        var calls = Gen.OneOf(
            from c in conversations from a in agents select new RoutingCall($"Accept({c.Item1}, {a.Item1})", async r => _ = await r.AcceptOfferAsync(c.Item2, a.Item2)),
            from c in conversations from a in agents select new RoutingCall($"Decline({c.Item1}, {a.Item1})", async r => _ = await r.DeclineOfferAsync(c.Item2, a.Item2)),
            from d in departments select new RoutingCall($"GetQueue({d.Item1})", async r => _ = await r.GetQueueAsync(d.Item2)),
            Gen.Constant(new RoutingCall("Dispatch", async r => await r.DispatchAsync())));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60).WithQuietOnSuccess(true), Prop.ForAll(Arb.From(calls.ListOf().Select(l => l.Take(6).ToList())), sequence =>
        {
            RunAsync(sequence).GetAwaiter().GetResult();
            return true;
        }));

        static async Task RunAsync(List<RoutingCall> sequence)
        {
            await using var h = await OfferedAsync();
            await h.DepartmentAsync("sales");
            await h.AgentAsync("s", "sales");
            await h.AgentAsync("b", "d", status: Agents.AgentStatus.Away);
            var sales = await h.ArriveAsync("k2", "sales");
            foreach (var (name, call) in sequence)
            {
                try
                {
                    await call(h.Routing);
                }
                catch (ArgumentException)
                {
                }
                catch (Exception exception)
                {
                    throw new InvalidOperationException($"{name} threw {exception.GetType().Name}: {exception.Message}", exception);
                }

                await h.SettleAsync();
            }

            foreach (var id in new[] { new ConversationId("c-1"), sales })
            {
                var conversation = await h.GetAsync(id);
                Assert.NotNull(conversation);
                Assert.Contains(conversation.State, new[] { ConversationState.Queued, ConversationState.Taken });
            }

            foreach (var department in new[] { Support, new DepartmentId("sales") })
            {
                // The queue lists queued conversations only (an offered one is queued but not listed: it is reserved).
                var queued = (await h.QueuedAsync(department)).Select(c => c.Id).ToHashSet();
                Assert.All(await h.Routing.GetQueueAsync(department), p => Assert.Contains(p.ConversationId, queued));
            }
        }
    }

    private sealed record RoutingCall(string Name, Func<IRoutingService, Task> Call)
    {
        public override string ToString() => Name;
    }

    /// <summary>Department d, agent a available in it, and contact k's conversation c-1 offered to a.</summary>
    private static async Task<RoutingHarness> OfferedAsync()
    {
        var h = RoutingHarness.Create(r => r.Configure(o => o.OfferMode = true));
        await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d");
        await h.ArriveAsync("k", "d");
        return h;
    }

    private sealed class CapturingAlgorithm : IRoutingAlgorithm
    {
        public Exception? First { get; private set; }

        public Exception? InOrder { get; private set; }

        public AgentId? SelectAgent(in RoutingRequest request, EligibleAgents agents)
        {
            First = Record(() => agents.First((RoutingOrder)42));
            InOrder = Record(() => agents.InOrder((RoutingOrder)7));
            return null;
        }

        private static Exception? Record(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception exception)
            {
                return exception;
            }
        }
    }
}
