using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Tests.Diagnostics;

namespace Omnichannel.Routing.Tests.Diagnostics;

/// <summary>
/// Routing's instruments and spans after a scripted scenario. Metrics come from this test's own meter factory; spans are
/// told apart by a department id only this test uses, since the dispatcher runs them outside the test's own trace.
/// </summary>
public sealed class RoutingTelemetryTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MetricRecorder _recorder;
    private readonly string _department = $"metrics-{Guid.NewGuid():N}";
    private readonly string _overflow = $"overflow-{Guid.NewGuid():N}";

    public RoutingTelemetryTests() => _recorder = new MetricRecorder(_meters);

    [Fact]
    public async Task Three_queued_two_assigned_one_forwarded_away_and_one_closed_give_exact_routing_and_queue_figures()
    {
        using var spans = new SpanRecorder(a => Equals(a.GetTagItem("omnichannel.department.id"), _department));
        await using var desk = RoutingHarness.Create(r => r.UseLoadBalancing(), services: s => s.AddSingleton<IMeterFactory>(_meters));
        await desk.Routing.StartAsync();
        await desk.DepartmentAsync(_department, maxChatsPerAgent: 1);
        // Nobody serves the overflow department: it accepts forwards anyway, so Ann's forward queues there.
        await desk.DepartmentAsync(_overflow, acceptForwardsWhenNobodyOnline: true);
        var ann = await desk.AgentAsync("ann", _department);
        await desk.AgentAsync("ben", _department);

        var first = await desk.ArriveAsync("c1", _department);
        var second = await desk.ArriveAsync("c2", _department);
        var third = await desk.ArriveAsync("c3", _department);
        await desk.SettleAsync();

        const string Department = "omnichannel.department.id";
        const string Algorithm = "omnichannel.routing.algorithm";
        Assert.Equal(2, _recorder.Sum("omnichannel.assignments", (Department, _department), (Algorithm, "load_balancing")));
        Assert.Equal(1, _recorder.Sum("omnichannel.conversations.queued", (Department, _department)));
        Assert.Equal(ConversationState.Queued, (await desk.Conversations.GetAsync(third))!.State);

        // Ann forwards her conversation to the overflow department: she has room again, so the third one is hers.
        var annHas = (await desk.Conversations.GetAsync(first))!.ServingAgentId == ann ? first : second;
        await desk.Time.AdvanceByAsync(Duration.FromSeconds(20));
        Assert.True((await desk.Conversations.ForwardAsync(annHas, ann, ForwardTarget.ToDepartment(new DepartmentId(_overflow)))).GetValueOrThrow().Succeeded);
        await desk.SettleAsync();
        Assert.Equal(ann, (await desk.Conversations.GetAsync(third))!.ServingAgentId);
        (await desk.Conversations.CloseAsync(annHas, Actor.System)).GetValueOrThrow();
        await desk.SettleAsync();

        Assert.Equal(3, _recorder.Sum("omnichannel.assignments", (Department, _department), (Algorithm, "load_balancing")));
        Assert.Equal(0, _recorder.Sum("omnichannel.conversations.queued", (Department, _department)));
        Assert.Equal(0, _recorder.Sum("omnichannel.conversations.queued", (Department, _overflow)));
        Assert.Equal(1, _recorder.Sum("omnichannel.forwards", (Department, _department), ("omnichannel.forward.target", "department")));
        Assert.Equal(1, _recorder.Sum("omnichannel.closes", (Department, _overflow), ("omnichannel.closer.kind", "system")));
        // Two left the queue at once, the third after the 20 s the forward waited for; the forwarded one waited 0 s in overflow.
        Assert.Equal([0.0, 0.0, 20.0], _recorder.Of("omnichannel.queue.wait", (Department, _department)).Select(m => m.Value).Order());
        Assert.Equal([0.0], _recorder.Of("omnichannel.queue.wait", (Department, _overflow)).Select(m => m.Value));

        var decisions = _recorder.Of("omnichannel.routing.decision.duration", (Department, _department), (Algorithm, "load_balancing"));
        Assert.True(decisions.Count >= 3, $"{decisions.Count} decisions recorded");
        Assert.All(decisions, d => Assert.True(d.Value >= 0 && d.Unit == "s"));
        Assert.NotEmpty(_recorder.Of("omnichannel.routing.reconcile.duration"));

        var assigns = spans.Named("omnichannel.routing.assign");
        Assert.Equal(3, assigns.Count);
        Assert.All(assigns, s => Assert.Equal("assigned", s.GetTagItem("omnichannel.result")));
        Assert.Equal([first.Value, second.Value, third.Value], assigns.Select(s => (string)s.GetTagItem("omnichannel.conversation.id")!).Order(StringComparer.Ordinal));
        Assert.Contains(assigns, s => Equals(s.GetTagItem("omnichannel.agent.id"), "ann"));
        // The service's own assign span runs inside the routing one.
        var inner = spans.Named("omnichannel.conversation.assign");
        Assert.Equal(3, inner.Count);
        Assert.All(inner, s => Assert.Contains(assigns, a => a.SpanId == s.ParentSpanId));
    }

    [Fact]
    public async Task Each_container_records_on_its_own_meter_from_the_hosts_factory()
    {
        await using var desk = RoutingHarness.Create(r => r.UseRoundRobin(), services: s => s.AddSingleton<IMeterFactory>(_meters));
        await desk.Routing.StartAsync();
        await desk.DepartmentAsync(_department);
        await desk.AgentAsync("ann", _department);
        await desk.ArriveAsync("c1", _department);
        await desk.SettleAsync();

        // Core and routing ask the factory for the same name and get one meter.
        Assert.Equal("Omnichannel", Assert.Single(_meters.Meters).Name);
        Assert.Equal(1, _recorder.Sum("omnichannel.assignments", ("omnichannel.routing.algorithm", "round_robin")));
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _meters.Dispose();
    }
}
