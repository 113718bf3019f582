using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests.Delivery;

public sealed class TranscriptDeliveryWorkerTests
{
    private static readonly TranscriptChoices SendEmail = new(ExportPdf: false, SendEmail: true);

    [Fact]
    public async Task A_failing_mail_port_is_retried_with_backoff_then_succeeds()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.InitialRetryDelay = Duration.FromSeconds(30));
        var conversation = await host.OpenConversationAsync();
        host.Email.FailNext(2);
        await host.CloseAsync(conversation, choices: SendEmail);

        var first = await host.Worker.RunOnceAsync();
        Assert.Equal((OutboxMessageStatus.Pending, 1), (first!.Status, first.Attempts));
        Assert.Equal(host.Clock.GetCurrentInstant() + Duration.FromSeconds(30), first.DueAt);
        Assert.Equal("IOException: mail server unavailable", first.LastError);

        host.Clock.Advance(Duration.FromSeconds(29));
        Assert.Equal(0, await host.Worker.RunUntilIdleAsync()); // not due yet
        host.Clock.Advance(Duration.FromSeconds(1));
        var second = await host.Worker.RunOnceAsync();
        Assert.Equal(host.Clock.GetCurrentInstant() + Duration.FromSeconds(60), second!.DueAt); // the delay doubled

        host.Clock.Advance(Duration.FromSeconds(60));
        var third = await host.Worker.RunOnceAsync();

        Assert.Equal((OutboxMessageStatus.Delivered, 3, (string?)null), (third!.Status, third.Attempts, third.LastError));
        Assert.Single(host.Email.Sent);
        Assert.Equal(3, host.Email.Attempts);
        Assert.Empty(host.DirectMessages.Sent);
    }

    [Fact]
    public async Task Retry_delays_double_up_to_the_maximum()
    {
        using var host = await TranscriptTestHost.CreateAsync(o =>
        {
            o.MaxDeliveryAttempts = 6;
            o.InitialRetryDelay = Duration.FromSeconds(10);
            o.MaxRetryDelay = Duration.FromSeconds(25);
        });
        var conversation = await host.OpenConversationAsync();
        host.Email.FailAlways();
        await host.CloseAsync(conversation, choices: SendEmail);

        var delays = new List<Duration>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var job = await host.Worker.RunOnceAsync();
            while (job!.Kind != TranscriptJobKinds.Email)
            {
                job = await host.Worker.RunOnceAsync();
            }

            delays.Add(job.DueAt - host.Clock.GetCurrentInstant());
            host.Clock.Advance(job.DueAt - host.Clock.GetCurrentInstant());
        }

        Assert.Equal([10, 20, 25, 25, 25], delays.Select(d => (int)d.TotalSeconds));
    }

    [Fact]
    public async Task After_the_last_retry_the_requester_is_told()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.MaxDeliveryAttempts = 3);
        var conversation = await host.OpenConversationAsync();
        host.Email.FailAlways("connection refused");
        await host.CloseAsync(conversation, choices: SendEmail);

        await DrainAsync(host);

        var job = Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
        Assert.Equal((OutboxMessageStatus.Failed, 3), (job.Status, job.Attempts));
        Assert.Equal(3, host.Email.Attempts);
        var notice = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(Actor.Agent(TranscriptTestHost.Alice), notice.Recipient);
        Assert.Equal(TranscriptDirectMessageKind.DeliveryFailed, notice.Kind);
        Assert.Equal($"The transcript of conversation '{conversation}' could not be emailed to the contact after 3 attempts: IOException: connection refused", notice.Text);
        Assert.Equal(OutboxMessageStatus.Delivered, Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.FailureNotice)).Status);
    }

    [Fact]
    public async Task The_failure_notice_goes_to_whoever_made_the_email_request()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.MaxDeliveryAttempts = 1);
        var conversation = await host.OpenConversationAsync();
        (await host.Transcripts.RequestEmailAsync(conversation, Actor.Contact(TranscriptTestHost.Carol), "carol@example.com")).GetValueOrThrow();
        host.Email.FailAlways();
        await host.CloseAsync(conversation);

        await DrainAsync(host);

        var notice = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(Actor.Contact(TranscriptTestHost.Carol), notice.Recipient);
        Assert.Contains("could not be emailed to carol@example.com after 1 attempt:", notice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_notice_that_cannot_be_sent_is_retried_too()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.MaxDeliveryAttempts = 3);
        var conversation = await host.OpenConversationAsync();
        host.Email.FailAlways();
        host.DirectMessages.FailNext(2);
        await host.CloseAsync(conversation, choices: SendEmail);

        await DrainAsync(host);

        Assert.Single(host.DirectMessages.Sent);
        var notice = Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.FailureNotice));
        Assert.Equal((OutboxMessageStatus.Delivered, 3), (notice.Status, notice.Attempts));
    }

    [Fact]
    public async Task A_restarted_host_continues_pending_jobs()
    {
        var storage = SharedStorage.Create();
        var email = new Omnichannel.Testing.Transcripts.InMemoryTranscriptEmailSender();
        ConversationId conversation;
        NodaTime.Testing.FakeClock clock;
        using (var before = await TranscriptTestHost.CreateAsync(storage: storage, email: email))
        {
            clock = before.Clock;
            conversation = await before.OpenConversationAsync();
            email.FailAlways();
            await before.CloseAsync(conversation, choices: SendEmail);
            await before.Worker.RunOnceAsync();
        }

        // The process stopped with the job pending; a new one starts on the same storage and the mail server is back.
        email.Recover();
        clock.Advance(Duration.FromHours(1));
        using var after = await TranscriptTestHost.CreateAsync(storage: storage, email: email, clock: clock, seed: false, workerName: "worker-after-restart");
        await after.Worker.RunUntilIdleAsync();

        Assert.Equal("carol@example.com", Assert.Single(email.Sent).To);
        Assert.Equal((OutboxMessageStatus.Delivered, 2), (await after.JobsAsync(conversation, TranscriptJobKinds.Email)).Select(j => (j.Status, j.Attempts)).Single());
    }

    [Fact]
    public async Task A_job_leased_by_a_worker_that_died_is_taken_over_when_the_lease_expires()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.LeaseDuration = Duration.FromMinutes(5));
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: SendEmail);
        // A worker leases the job and dies before recording anything.
        var leased = await host.Outbox.TryLeaseAsync("dead-worker", host.Clock.GetCurrentInstant(), Duration.FromMinutes(5), TranscriptJobKinds.Email, CancellationToken.None);
        Assert.NotNull(leased);

        Assert.Equal(0, await host.Worker.RunUntilIdleAsync());
        host.Clock.Advance(Duration.FromMinutes(5));
        await host.Worker.RunUntilIdleAsync();

        Assert.Single(host.Email.Sent);
    }

    [Fact]
    public async Task Two_workers_racing_for_a_job_send_it_once()
    {
        var storage = SharedStorage.Create();
        using var first = await TranscriptTestHost.CreateAsync(storage: storage, workerName: "worker-1");
        using var second = await TranscriptTestHost.CreateAsync(storage: storage, clock: first.Clock, email: first.Email, directMessages: first.DirectMessages, seed: false, workerName: "worker-2");
        var conversation = await first.OpenConversationAsync();
        await first.CloseAsync(conversation, choices: SendEmail);
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        first.Email.OnSending = async (_, _) =>
        {
            sending.TrySetResult();
            await release.Task;
        };

        // The first worker is in the middle of sending when the second one looks for work.
        var firstRun = first.Worker.RunOnceAsync().AsTask();
        await sending.Task;
        var secondAttempted = await second.Worker.RunUntilIdleAsync();
        release.SetResult();
        var delivered = await firstRun;

        Assert.Equal(0, secondAttempted);
        Assert.Equal(OutboxMessageStatus.Delivered, delivered!.Status);
        Assert.Single(first.Email.Sent);
        Assert.Equal(1, first.Email.Attempts);
    }

    [Fact]
    public async Task Two_workers_draining_many_jobs_send_each_exactly_once()
    {
        var storage = SharedStorage.Create();
        using var first = await TranscriptTestHost.CreateAsync(storage: storage, workerName: "worker-1");
        using var second = await TranscriptTestHost.CreateAsync(storage: storage, clock: first.Clock, email: first.Email, directMessages: first.DirectMessages, seed: false, workerName: "worker-2");
        var conversations = new List<ConversationId>();
        for (var i = 0; i < 30; i++)
        {
            var contact = new ContactId($"contact-{i}");
            await first.Services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = contact, Name = $"Contact {i}", Emails = [$"contact{i}@example.com"] }, CancellationToken.None);
            var conversation = await first.OpenConversationAsync(contact);
            await first.CloseAsync(conversation, choices: SendEmail);
            conversations.Add(conversation);
        }

        first.Email.OnSending = async (_, _) => await Task.Yield();
        await Task.WhenAll(
            Task.Run(async () => await first.Worker.RunUntilIdleAsync()),
            Task.Run(async () => await second.Worker.RunUntilIdleAsync()));

        Assert.Equal(30, first.Email.Attempts);
        Assert.Equal(conversations.Select(c => c.Value).Order(StringComparer.Ordinal), first.Email.Sent.Select(e => e.ConversationId.Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_job_whose_data_cannot_be_read_fails_at_once_without_stopping_the_worker()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.Outbox.EnqueueAsync(new OutboxMessage
        {
            Id = "corrupt", Kind = TranscriptJobKinds.Email, ConversationId = conversation, Payload = "{not json",
            CreatedAt = host.Clock.GetCurrentInstant(), DueAt = host.Clock.GetCurrentInstant(),
        }, CancellationToken.None);
        await host.CloseAsync(conversation, choices: SendEmail);

        await host.Worker.RunUntilIdleAsync();

        var corrupt = (await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Single(j => j.Id == "corrupt");
        Assert.Equal((OutboxMessageStatus.Failed, 1), (corrupt.Status, corrupt.Attempts));
        Assert.Contains("cannot be read", corrupt.LastError, StringComparison.Ordinal);
        Assert.Single(host.Email.Sent); // the close's own email still went out
    }

    [Fact]
    public async Task RunAsync_delivers_until_cancelled()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.PollInterval = Duration.FromMilliseconds(10));
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: SendEmail);
        using var stop = new CancellationTokenSource();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Email.OnSending = (_, _) =>
        {
            sent.TrySetResult();
            return ValueTask.CompletedTask;
        };

        var loop = host.Worker.RunAsync(stop.Token);
        await sent.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        await loop.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(loop.IsCompletedSuccessfully);
        Assert.Single(host.Email.Sent);
    }

    /// <summary>Runs the worker and moves the clock to the next due job until nothing is pending.</summary>
    private static async Task DrainAsync(TranscriptTestHost host)
    {
        for (var round = 0; round < 100; round++)
        {
            await host.Worker.RunUntilIdleAsync();
            host.Clock.Advance(Duration.FromHours(2));
            if (await host.Worker.RunUntilIdleAsync() == 0)
            {
                return;
            }
        }
    }
}
