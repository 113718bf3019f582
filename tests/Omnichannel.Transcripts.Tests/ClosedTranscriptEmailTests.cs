using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Testing.Transcripts;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests;

/// <summary>
/// Emailing a closed conversation's transcript on request (the guide's "export the transcript of a previously closed
/// conversation"; the anchor's livechat/transcript): validated, recorded in the outbox, delivered by the worker.
/// </summary>
public sealed class ClosedTranscriptEmailTests
{
    private static readonly Actor Alice = Actor.Agent(TranscriptTestHost.Alice);

    [Fact]
    public async Task Closed_conversations_transcript_is_emailed_to_the_address_asked_for()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);
        host.Clock.Advance(Duration.FromDays(3));

        var job = (await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, "billing@example.com", " Your invoice chat ")).GetValueOrThrow();

        Assert.Equal((TranscriptJobKinds.Email, OutboxMessageStatus.Pending, $"{conversation}/transcript/email/1"), (job.Kind, job.Status, job.Id));
        Assert.Equal(host.Clock.GetCurrentInstant(), job.CreatedAt);
        await host.Worker.RunUntilIdleAsync();
        var email = Assert.Single(host.Email.Sent);
        Assert.Equal(("billing@example.com", "Your invoice chat"), (email.To, email.Subject));
        Assert.Contains("my invoice is wrong", email.TextBody, StringComparison.Ordinal);
        Assert.Equal(OutboxMessageStatus.Delivered, Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Status);
    }

    [Fact]
    public async Task Request_recorded_before_a_crash_is_delivered_by_the_next_process()
    {
        var storage = SharedStorage.Create();
        var email = new InMemoryTranscriptEmailSender();
        ConversationId conversation;
        NodaTime.Testing.FakeClock clock;
        using (var first = await TranscriptTestHost.CreateAsync(storage: storage, email: email))
        {
            conversation = await first.OpenConversationAsync();
            await first.CloseAsync(conversation);
            (await first.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();
            clock = first.Clock;
        }

        using var second = await TranscriptTestHost.CreateAsync(storage: storage, clock: clock, email: email, seed: false);
        await second.Worker.RunUntilIdleAsync();

        Assert.Equal("carol@example.com", Assert.Single(email.Sent).To);
    }

    [Fact]
    public async Task Open_conversation_is_refused_and_told_to_request_at_close()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var result = await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, "carol@example.com");

        Assert.Equal(OperationErrorCode.InvalidTransition, result.Error?.Code);
        Assert.Equal($"Conversation '{conversation}' is Taken: its transcript is emailed on request only once it is closed. While it is open, ask with RequestEmailAsync and it is sent when it closes.", result.Error?.Message);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("carol@example.com\r\nBcc: everyone@example.com")]
    public async Task Invalid_address_is_refused_naming_the_conversation(string address)
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var result = await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, address);

        Assert.Equal(OperationErrorCode.InvalidArgument, result.Error?.Code);
        Assert.StartsWith($"The transcript of conversation '{conversation}' was not emailed: ", result.Error?.Message, StringComparison.Ordinal);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
    }

    [Fact]
    public async Task Unknown_conversation_is_not_found()
    {
        using var host = await TranscriptTestHost.CreateAsync();

        var result = await host.Transcripts.EmailClosedTranscriptAsync(new ConversationId("nope"), Alice, "carol@example.com");

        Assert.Equal((OperationErrorCode.NotFound, "Conversation 'nope' does not exist."), (result.Error?.Code, result.Error?.Message));
    }

    [Fact]
    public async Task Another_contact_cannot_have_the_transcript_emailed()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var stranger = await host.Transcripts.EmailClosedTranscriptAsync(conversation, Actor.Contact(new ContactId("mallory")), "mallory@example.com");
        var owner = await host.Transcripts.EmailClosedTranscriptAsync(conversation, Actor.Contact(TranscriptTestHost.Carol), "carol@example.com");

        Assert.Equal(OperationErrorCode.NotPermitted, stranger.Error?.Code);
        Assert.Contains("Contact 'mallory' cannot email the transcript", stranger.Error?.Message, StringComparison.Ordinal);
        Assert.True(owner.Succeeded, owner.Error?.Message);
    }

    [Fact]
    public async Task Agent_who_cannot_see_the_conversation_is_refused()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);
        await host.UpdateAgentAsync(TranscriptTestHost.Bob, a => a with { Departments = [] });

        var result = await host.Transcripts.EmailClosedTranscriptAsync(conversation, Actor.Agent(TranscriptTestHost.Bob), "carol@example.com");

        Assert.Equal(OperationErrorCode.NotDepartmentMember, result.Error?.Code);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
    }

    [Fact]
    public async Task Same_request_while_the_first_is_pending_queues_one_email_and_a_different_one_queues_another()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: false, SendEmail: true));

        var first = (await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();
        var again = (await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();
        var other = (await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, "boss@example.com")).GetValueOrThrow();
        await host.Worker.RunUntilIdleAsync();
        var afterDelivery = (await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();

        Assert.Equal(first.Id, again.Id);
        Assert.Equal($"{conversation}/transcript/email/2", other.Id);
        Assert.Equal($"{conversation}/transcript/email/3", afterDelivery.Id);
        // The close's own email, then the two requested ones.
        Assert.Equal(3, host.Email.Sent.Count);
        Assert.Equal(4, (await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Count);
    }

    [Fact]
    public async Task Concurrent_requests_for_different_addresses_each_get_their_own_email()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(async () =>
            await host.Transcripts.EmailClosedTranscriptAsync(conversation, Alice, $"person{i}@example.com"))));

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(8, results.Select(r => r.Value!.Id).Distinct().Count());
        await host.Worker.RunUntilIdleAsync();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"person{i}@example.com").Order(), host.Email.Sent.Select(e => e.To).Order());
    }
}
