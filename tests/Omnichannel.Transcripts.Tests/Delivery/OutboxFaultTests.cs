using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Testing.Faults;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests.Delivery;

/// <summary>
/// The outbox when the store fails while the worker records an outcome: recording is retried on its own, a send is never
/// repeated because a record failed, and an email that was sent is never reported as failed.
/// </summary>
public sealed class OutboxFaultTests
{
    private static readonly TranscriptChoices SendEmail = new(ExportPdf: false, SendEmail: true);

    private static async Task<(TranscriptTestHost Host, FaultInjectingOutboxStore Outbox)> CreateAsync(Action<TranscriptOptions>? configure = null)
    {
        var storage = SharedStorage.Create();
        var outbox = new FaultInjectingOutboxStore(storage.Conversations);
        var host = await TranscriptTestHost.CreateAsync(configure, storage: storage, services: s => s.AddSingleton<IOutboxStore>(outbox));
        return (host, outbox);
    }

    [Fact]
    public async Task A_failed_record_of_Delivered_is_retried_on_its_own_and_the_email_is_not_sent_again()
    {
        var (host, outbox) = await CreateAsync();
        using var _ = host;
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: SendEmail);
        outbox.Faults.ThrowIOException(OutboxStoreOperation.Save);

        var recorded = await host.Worker.RunOnceAsync();

        Assert.Equal((OutboxMessageStatus.Delivered, 1, (string?)null), (recorded!.Status, recorded.Attempts, recorded.LastError));
        var job = Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
        Assert.Equal((OutboxMessageStatus.Delivered, 1), (job.Status, job.Attempts));
        Assert.Equal(1, host.Email.Attempts);
        Assert.Single(host.Email.Sent);
        Assert.Equal(2, outbox.Faults.CallCount(OutboxStoreOperation.Save));
    }

    [Fact]
    public async Task A_record_stored_but_not_acknowledged_is_recognised_and_not_sent_again()
    {
        var (host, outbox) = await CreateAsync();
        using var _ = host;
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: SendEmail);
        outbox.Faults.ThrowIOException(OutboxStoreOperation.Save, timing: FaultTiming.AfterCall);

        var recorded = await host.Worker.RunOnceAsync();

        Assert.Equal(OutboxMessageStatus.Delivered, recorded!.Status);
        Assert.Equal((OutboxMessageStatus.Delivered, 1), (await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Select(j => (j.Status, j.Attempts)).Single());
        Assert.Equal(1, host.Email.Attempts);
    }

    [Fact]
    public async Task A_store_that_stays_down_never_turns_a_sent_email_into_a_could_not_be_emailed_notice()
    {
        // One attempt only: a failed record counted as a failed send would fail the job at once.
        var (host, outbox) = await CreateAsync(o => o.MaxDeliveryAttempts = 1);
        using var _ = host;
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: SendEmail);
        outbox.Faults.ThrowIOException(OutboxStoreOperation.Save, times: int.MaxValue);

        try
        {
            await host.Worker.RunOnceAsync();
        }
        catch (IOException)
        {
            // The store is down: the outcome could not be recorded, and the worker says so.
        }

        Assert.Equal(1, host.Email.Attempts);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.FailureNotice));
        Assert.NotEqual(OutboxMessageStatus.Failed, Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Status);

        // The store comes back; the lease runs out and the job is picked up again: it is recorded, not sent again.
        outbox.Faults.Clear();
        host.Clock.Advance(Duration.FromMinutes(5));
        await host.Worker.RunUntilIdleAsync();
        host.Clock.Advance(Duration.FromHours(2));
        await host.Worker.RunUntilIdleAsync();

        Assert.Equal(1, host.Email.Attempts);
        Assert.Equal(OutboxMessageStatus.Delivered, Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Status);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.FailureNotice));
        Assert.Empty(host.DirectMessages.Sent);
    }

    [Fact]
    public async Task A_failure_whose_record_fails_is_recorded_later_without_another_attempt()
    {
        var (host, outbox) = await CreateAsync(o => o.MaxDeliveryAttempts = 3);
        using var _ = host;
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: SendEmail);
        host.Email.FailNext(1);
        outbox.Faults.ThrowIOException(OutboxStoreOperation.Save);

        var recorded = await host.Worker.RunOnceAsync();

        Assert.Equal((OutboxMessageStatus.Pending, 1), (recorded!.Status, recorded.Attempts));
        Assert.StartsWith("IOException: mail server unavailable", recorded.LastError, StringComparison.Ordinal);
        Assert.Equal(1, host.Email.Attempts);
    }

    [Fact]
    public async Task Every_attempt_to_email_a_job_carries_the_same_message_id_and_each_job_its_own()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var attempts = new List<TranscriptEmail>();
        host.Email.OnSending = (email, _) =>
        {
            lock (attempts)
            {
                attempts.Add(email);
            }

            return ValueTask.CompletedTask;
        };
        var first = await host.OpenConversationAsync();
        await host.CloseAsync(first, choices: SendEmail);
        host.Email.FailNext(1);
        await host.Worker.RunOnceAsync();
        host.Clock.Advance(Duration.FromHours(1));
        await host.Worker.RunOnceAsync();
        var second = await host.OpenConversationAsync();
        await host.CloseAsync(second, choices: SendEmail);
        await host.Worker.RunUntilIdleAsync();

        Assert.Equal(3, attempts.Count);
        Assert.Equal(attempts[0].MessageId, attempts[1].MessageId);
        Assert.NotEqual(attempts[0].MessageId, attempts[2].MessageId);
        Assert.All(attempts, email => Assert.Matches("^[0-9a-f]{32}@transcripts\\.omnichannel\\.invalid$", email.MessageId));
    }
}
