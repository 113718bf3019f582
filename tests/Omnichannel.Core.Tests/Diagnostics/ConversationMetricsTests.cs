using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Tests.Diagnostics;
using System.Diagnostics.Metrics;

namespace Omnichannel.Core.Tests.Diagnostics;

/// <summary>
/// The conversation instruments after a scripted day: each test has its own <see cref="TestMeterFactory"/> in its
/// container, so the recorder hears this test's meter only and the figures are exact even with tests running in parallel.
/// </summary>
public sealed class ConversationMetricsTests : IDisposable
{
    private static readonly ContactId Frank = new("frank");
    private readonly TestMeterFactory _meters = new();
    private readonly MetricRecorder _recorder;

    public ConversationMetricsTests() => _recorder = new MetricRecorder(_meters);

    [Fact]
    public async Task Three_queued_two_taken_one_forwarded_one_failed_forward_one_hold_one_close_give_exact_figures()
    {
        using var desk = await CreateAsync();
        var first = await desk.QueuedAsync(Ids.Dave);
        var second = await desk.QueuedAsync(Ids.Erin);
        await desk.QueuedAsync(Frank);

        desk.Clock.Advance(Duration.FromSeconds(30));
        (await desk.Conversations.TakeAsync(first.Id, Ids.Alice)).Ok();
        desk.Clock.Advance(Duration.FromSeconds(15));
        (await desk.Conversations.TakeAsync(second.Id, Ids.Bob)).Ok();

        var forwarded = (await desk.Conversations.ForwardAsync(first.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob))).Ok();
        Assert.True(forwarded.Succeeded);
        (await desk.Agents.SetStatusAsync(Ids.Mia, AgentStatus.Offline)).Ok();
        var failed = (await desk.Conversations.ForwardAsync(second.Id, Ids.Bob, ForwardTarget.ToAgent(Ids.Mia))).Ok();
        Assert.Equal(ForwardFailureReason.TargetOffline, failed.FailureReason);

        (await desk.Conversations.PostAgentMessageAsync(second.Id, Ids.Bob, "One moment please.")).Ok();
        (await desk.Conversations.PlaceOnHoldAsync(second.Id, Ids.Bob)).Ok();
        (await desk.Conversations.CloseAsync(first.Id, Actor.Agent(Ids.Bob))).Ok();

        const string Department = "omnichannel.department.id";
        Assert.Equal(1, _recorder.Sum("omnichannel.conversations.queued", (Department, "support")));
        Assert.Equal([1, 1, 1, -1, -1], _recorder.Of("omnichannel.conversations.queued").Select(m => m.Value));
        var waits = _recorder.Of("omnichannel.queue.wait", (Department, "support"), ("omnichannel.queue.exit", "take"));
        Assert.Equal([30.0, 45.0], waits.Select(m => m.Value));
        Assert.All(waits, m => Assert.Equal("s", m.Unit));
        Assert.Equal(1, _recorder.Sum("omnichannel.forwards", (Department, "support"), ("omnichannel.forward.target", "agent")));
        Assert.Equal(1, _recorder.Sum("omnichannel.forward.failures", (Department, "support"), ("omnichannel.forward.failure_reason", "target_offline")));
        Assert.Equal(1, _recorder.Sum("omnichannel.holds", (Department, "support")));
        Assert.Equal(1, _recorder.Sum("omnichannel.closes", (Department, "support"), ("omnichannel.closer.kind", "agent")));
        Assert.Equal(0, _recorder.Sum("omnichannel.outbox.pending"));
    }

    [Fact]
    public async Task A_conversation_moved_while_queued_leaves_one_department_queue_and_joins_the_other()
    {
        using var desk = await CreateAsync();
        var queued = await desk.QueuedAsync();
        desk.Clock.Advance(Duration.FromMinutes(2));

        (await desk.Conversations.MoveToDepartmentAsync(queued.Id, Ids.Sales)).Ok();

        Assert.Equal(0, _recorder.Sum("omnichannel.conversations.queued", ("omnichannel.department.id", "support")));
        Assert.Equal(1, _recorder.Sum("omnichannel.conversations.queued", ("omnichannel.department.id", "sales")));
        var wait = Assert.Single(_recorder.Of("omnichannel.queue.wait"));
        Assert.Equal(120.0, wait.Value);
        Assert.True(wait.Has("omnichannel.queue.exit", "move_to_department"));
    }

    [Fact]
    public async Task A_contact_closing_and_a_refused_close_count_once_by_closer_kind()
    {
        using var desk = await CreateAsync();
        var queued = await desk.QueuedAsync();
        (await desk.Conversations.CloseAsync(queued.Id, Actor.Contact(Ids.Dave))).Ok();
        Assert.False((await desk.Conversations.CloseAsync(queued.Id, Actor.Contact(Ids.Dave))).Succeeded);

        Assert.Equal(1, _recorder.Sum("omnichannel.closes", ("omnichannel.closer.kind", "contact")));
        Assert.Equal(0, _recorder.Sum("omnichannel.conversations.queued"));
        Assert.True(Assert.Single(_recorder.Of("omnichannel.queue.wait")).Has("omnichannel.queue.exit", "close"));
    }

    [Fact]
    public async Task The_meter_comes_from_the_hosts_meter_factory_and_is_named_after_the_library()
    {
        using var desk = await CreateAsync();
        await desk.QueuedAsync();

        var meter = Assert.Single(_meters.Meters);
        Assert.Equal(Omnichannel.Diagnostics.OmnichannelDiagnostics.MeterName, meter.Name);
        Assert.Equal("Omnichannel", meter.Name);
        Assert.NotEmpty(_recorder.All);
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _meters.Dispose();
    }

    private async Task<OmnichannelHarness> CreateAsync()
    {
        var desk = await OmnichannelHarness.CreateAsync(services: s => s.AddSingleton<IMeterFactory>(_meters));
        await desk.ContactAsync(Frank);
        return desk;
    }
}
