using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Tests.Diagnostics;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests.Diagnostics;

/// <summary>
/// The delivery instruments and spans of the transcript worker. Metrics come from this test's own meter factory; spans
/// are told apart by the conversation id, which only this test's conversation has.
/// </summary>
public sealed class TranscriptTelemetryTests : IDisposable
{
    private static readonly TranscriptChoices SendEmail = new(ExportPdf: false, SendEmail: true);
    private const string Kind = "omnichannel.outbox.kind";
    private readonly TestMeterFactory _meters = new();
    private readonly MetricRecorder _recorder;

    public TranscriptTelemetryTests() => _recorder = new MetricRecorder(_meters);

    [Fact]
    public async Task A_failed_attempt_then_a_delivery_count_two_attempts_one_failure_and_leave_nothing_pending()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.InitialRetryDelay = Duration.FromSeconds(30), services: s => s.AddSingleton<IMeterFactory>(_meters));
        var conversation = await host.OpenConversationAsync();
        using var spans = new SpanRecorder(a => Equals(a.GetTagItem("omnichannel.conversation.id"), conversation.Value) && a.OperationName == "omnichannel.transcript.deliver");
        host.Email.FailNext(1);
        await host.CloseAsync(conversation, choices: SendEmail);
        Assert.Equal(1, _recorder.Sum("omnichannel.outbox.pending", (Kind, TranscriptJobKinds.Email)));

        Assert.Equal(OutboxMessageStatus.Pending, (await host.Worker.RunOnceAsync())!.Status);
        host.Clock.Advance(Duration.FromSeconds(30));
        Assert.Equal(OutboxMessageStatus.Delivered, (await host.Worker.RunOnceAsync())!.Status);

        Assert.Equal(1, _recorder.Sum("omnichannel.outbox.delivery.attempts", (Kind, TranscriptJobKinds.Email), ("omnichannel.result", "retry")));
        Assert.Equal(1, _recorder.Sum("omnichannel.outbox.delivery.attempts", (Kind, TranscriptJobKinds.Email), ("omnichannel.result", "delivered")));
        var failure = Assert.Single(_recorder.Of("omnichannel.outbox.delivery.failures"));
        Assert.True(failure.Has(Kind, TranscriptJobKinds.Email));
        Assert.True(failure.Has("error.type", typeof(IOException).FullName));
        Assert.True(failure.Has("omnichannel.outbox.gave_up", false));
        Assert.Equal(0, _recorder.Sum("omnichannel.outbox.pending", (Kind, TranscriptJobKinds.Email)));

        var deliveries = spans.All;
        Assert.Equal(2, deliveries.Count);
        Assert.Equal(ActivityStatusCode.Error, deliveries[0].Status);
        Assert.Equal("retry", deliveries[0].GetTagItem("omnichannel.result"));
        Assert.Single(deliveries[0].Events, e => e.Name == "exception");
        Assert.Equal(TranscriptJobKinds.Email, deliveries[0].GetTagItem("omnichannel.outbox.kind"));
        Assert.Equal(ActivityStatusCode.Unset, deliveries[1].Status);
        Assert.Equal("delivered", deliveries[1].GetTagItem("omnichannel.result"));
        Assert.Equal(2, deliveries[1].GetTagItem("omnichannel.outbox.attempt"));
    }

    [Fact]
    public async Task A_job_given_up_counts_as_a_final_failure_and_its_notice_is_pending_until_sent()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.MaxDeliveryAttempts = 1, services: s => s.AddSingleton<IMeterFactory>(_meters));
        var conversation = await host.OpenConversationAsync();
        host.Email.FailAlways("connection refused");
        await host.CloseAsync(conversation, choices: SendEmail);

        var email = await host.Worker.RunOnceAsync();
        while (email!.Kind != TranscriptJobKinds.Email)
        {
            email = await host.Worker.RunOnceAsync();
        }

        Assert.Equal(OutboxMessageStatus.Failed, email.Status);
        Assert.Equal(1, _recorder.Sum("omnichannel.outbox.delivery.failures", (Kind, TranscriptJobKinds.Email), ("omnichannel.outbox.gave_up", true)));
        Assert.Equal(1, _recorder.Sum("omnichannel.outbox.delivery.attempts", (Kind, TranscriptJobKinds.Email), ("omnichannel.result", "failed")));
        Assert.Equal(0, _recorder.Sum("omnichannel.outbox.pending", (Kind, TranscriptJobKinds.Email)));
        Assert.Equal(1, _recorder.Sum("omnichannel.outbox.pending", (Kind, TranscriptJobKinds.FailureNotice)));

        await host.Worker.RunUntilIdleAsync();
        Assert.Equal(0, _recorder.Sum("omnichannel.outbox.pending"));
    }

    public void Dispose()
    {
        _recorder.Dispose();
        _meters.Dispose();
    }
}
