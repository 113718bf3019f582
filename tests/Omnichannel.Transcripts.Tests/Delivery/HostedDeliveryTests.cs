using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Testing.Transcripts;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.DependencyInjection;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests.Delivery;

/// <summary>
/// The delivery worker runs as a hosted service: a generic host built with AddOmnichannelTranscripts delivers transcripts
/// without anyone calling RunAsync, and stops gracefully (a delivery in flight is finished, or interrupted and released).
/// </summary>
public sealed class HostedDeliveryTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    private sealed record Running(IHost Host, SharedStorage Storage, FakeClock Clock, InMemoryTranscriptEmailSender Email) : IDisposable
    {
        public IConversationService Conversations => Host.Services.GetRequiredService<IConversationService>();

        public async Task<ConversationId> CloseWithEmailAsync()
        {
            var conversation = (await Conversations.ReceiveContactMessageAsync(TranscriptTestHost.Carol, TranscriptTestHost.Support, "Hello")).GetValueOrThrow();
            (await Conversations.TakeAsync(conversation.Id, TranscriptTestHost.Alice)).GetValueOrThrow();
            (await Conversations.CloseAsync(conversation.Id, Actor.Agent(TranscriptTestHost.Alice), new CloseRequest { Transcript = new(ExportPdf: false, SendEmail: true) })).GetValueOrThrow();
            return conversation.Id;
        }

        public async Task<OutboxMessage> EmailJobAsync(ConversationId conversation) =>
            (await Storage.Conversations.ListByConversationAsync(conversation, CancellationToken.None)).Single(j => j.Kind == TranscriptJobKinds.Email);

        public void Dispose() => Host.Dispose();
    }

    /// <summary>A generic host as an application builds it: AddOmnichannelTranscripts, in-memory storage, a fake clock and fake ports; no RunAsync anywhere.</summary>
    private static async Task<Running> StartHostAsync(Action<TranscriptOptions>? configure = null)
    {
        var storage = SharedStorage.Create();
        var clock = new FakeClock(TranscriptTestHost.Start);
        var email = new InMemoryTranscriptEmailSender();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services
            .AddSingleton<IClock>(clock)
            .AddSingleton(storage.Conversations)
            .AddSingleton<IConversationStore>(storage.Conversations)
            .AddSingleton<IOutboxStore>(storage.Conversations)
            .AddSingleton<IAgentStore>(storage.Agents)
            .AddSingleton<IContactStore>(storage.Contacts)
            .AddSingleton<IDepartmentStore>(storage.Departments)
            .AddSingleton<ITranscriptEmailSender>(email)
            .AddSingleton<ITranscriptDirectMessageSender>(new InMemoryTranscriptDirectMessageSender())
            .AddOmnichannelTranscripts(o =>
            {
                o.PollInterval = Duration.FromMilliseconds(20);
                configure?.Invoke(o);
            });
        var host = builder.Build();
        await TranscriptTestHost.SeedAsync(host.Services);
        await host.StartAsync();
        return new Running(host, storage, clock, email);
    }

    [Fact]
    public async Task A_host_delivers_a_pending_transcript_without_anyone_calling_RunAsync()
    {
        using var running = await StartHostAsync();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running.Email.OnSending = (_, _) =>
        {
            sent.TrySetResult();
            return ValueTask.CompletedTask;
        };

        var conversation = await running.CloseWithEmailAsync();
        await sent.Task.WaitAsync(Patience);
        await running.Host.StopAsync();

        Assert.Equal("carol@example.com", Assert.Single(running.Email.Sent).To);
        Assert.Equal(OutboxMessageStatus.Delivered, (await running.EmailJobAsync(conversation)).Status);
    }

    [Fact]
    public async Task Stopping_the_host_during_a_delivery_lets_the_delivery_finish()
    {
        using var running = await StartHostAsync();
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running.Email.OnSending = async (_, _) =>
        {
            sending.TrySetResult();
            await release.Task;
        };
        var conversation = await running.CloseWithEmailAsync();
        await sending.Task.WaitAsync(Patience);

        var stopping = running.Host.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted, "The host stopped before the delivery in flight was finished.");
        release.SetResult();
        await stopping.WaitAsync(Patience);

        Assert.Single(running.Email.Sent);
        Assert.Equal((OutboxMessageStatus.Delivered, (string?)null), await running.EmailJobAsync(conversation) is var job ? (job.Status, job.LeaseOwner) : default);
    }

    [Fact]
    public async Task A_delivery_that_outlasts_the_shutdown_timeout_is_interrupted_and_its_lease_released()
    {
        using var running = await StartHostAsync(o => o.LeaseDuration = Duration.FromMinutes(5));
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        running.Email.OnSending = async (_, cancellationToken) =>
        {
            sending.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken); // a mail server that never answers
        };
        var conversation = await running.CloseWithEmailAsync();
        await sending.Task.WaitAsync(Patience);

        using (var shutdownTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            await running.Host.StopAsync(shutdownTimeout.Token).WaitAsync(Patience);
        }

        var released = await running.EmailJobAsync(conversation);
        Assert.Equal((OutboxMessageStatus.Pending, 0, (string?)null, (Instant?)null), (released.Status, released.Attempts, released.LeaseOwner, released.LeaseExpiresAt));
        Assert.Empty(running.Email.Sent);

        // Another worker takes it at once, without waiting for the lease to expire (the clock has not moved).
        running.Email.OnSending = null;
        await running.Host.Services.GetRequiredService<TranscriptDeliveryWorker>().RunUntilIdleAsync();
        Assert.Single(running.Email.Sent);
        Assert.Equal(OutboxMessageStatus.Delivered, (await running.EmailJobAsync(conversation)).Status);
    }

    [Fact]
    public async Task The_background_worker_can_be_turned_off()
    {
        using var running = await StartHostAsync(o => o.RunWorkerInBackground = false);

        var conversation = await running.CloseWithEmailAsync();
        await Task.Delay(300);
        await running.Host.StopAsync();

        Assert.Equal(0, running.Email.Attempts);
        Assert.Equal(OutboxMessageStatus.Pending, (await running.EmailJobAsync(conversation)).Status);
    }
}
