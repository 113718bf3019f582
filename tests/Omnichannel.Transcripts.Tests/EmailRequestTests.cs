using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests;

public sealed class EmailRequestTests
{
    private static readonly Actor Alice = Actor.Agent(TranscriptTestHost.Alice);

    [Theory]
    [InlineData("")]
    [InlineData("not-an-email")]
    [InlineData("carol@")]
    [InlineData("@example.com")]
    [InlineData("carol @example.com")]
    [InlineData("carol@example.com\r\nBcc: everyone@example.com")]
    [InlineData("Carol <carol@example.com>")]
    public async Task Request_refuses_an_invalid_address(string address)
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var result = await host.Transcripts.RequestEmailAsync(conversation, Alice, address, "Your transcript");

        Assert.False(result.Succeeded);
        Assert.Equal(OperationErrorCode.InvalidArgument, result.Error.Code);
        Assert.Null(await host.Transcripts.GetPendingEmailRequestAsync(conversation));
    }

    [Theory]
    [InlineData("Your transcript\r\nBcc: everyone@example.com", "single line")]
    [InlineData("Line\nbreak", "single line")]
    public async Task Request_refuses_a_subject_with_line_breaks(string subject, string expected)
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var result = await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com", subject);

        Assert.Equal(OperationErrorCode.InvalidArgument, result.Error?.Code);
        Assert.Contains(expected, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_refuses_a_subject_over_the_limit()
    {
        using var host = await TranscriptTestHost.CreateAsync(o =>
        {
            o.MaxEmailSubjectLength = 20;
            o.DefaultEmailSubject = "Transcript";
        });
        var conversation = await host.OpenConversationAsync();

        var refused = await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com", new string('s', 21));
        var accepted = await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com", new string('s', 20));

        Assert.Contains("21 characters; at most 20", refused.Error?.Message, StringComparison.Ordinal);
        Assert.True(accepted.Succeeded);
    }

    [Fact]
    public async Task A_second_request_gets_a_clear_error_until_the_first_is_cancelled()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var first = await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com", "First");
        var second = await host.Transcripts.RequestEmailAsync(conversation, Actor.Contact(TranscriptTestHost.Carol), "other@example.com", "Second");
        var cancelled = await host.Transcripts.CancelEmailRequestAsync(conversation, Alice);
        var third = await host.Transcripts.RequestEmailAsync(conversation, Alice, "other@example.com", "Third");

        Assert.True(first.Succeeded);
        Assert.Equal(OperationErrorCode.InvalidTransition, second.Error?.Code);
        Assert.Equal($"Conversation '{conversation}' already has a pending transcript email request (to carol@example.com, by agent 'alice'); cancel it before making another.", second.Error?.Message);
        Assert.Equal(first.Value!.Id, cancelled.Value?.Id);
        Assert.True(third.Succeeded);
        Assert.Equal("other@example.com", (await host.Transcripts.GetPendingEmailRequestAsync(conversation))?.Address);
    }

    [Fact]
    public async Task Cancel_without_a_pending_request_is_refused()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var result = await host.Transcripts.CancelEmailRequestAsync(conversation, Alice);

        Assert.Equal(OperationErrorCode.NotFound, result.Error?.Code);
    }

    [Fact]
    public async Task Request_uses_the_default_subject_when_none_is_given()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.DefaultEmailSubject = "Our chat");
        var conversation = await host.OpenConversationAsync();

        var request = (await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();

        Assert.Equal("Our chat", request.Subject);
    }

    [Fact]
    public async Task Contacts_cannot_ask_for_a_transcript_when_transcripts_are_disabled_for_the_workspace()
    {
        using var host = await TranscriptTestHost.CreateAsync(services: s => s.Configure<Omnichannel.DependencyInjection.OmnichannelOptions>(o => o.TranscriptsEnabled = false));
        var conversation = await host.OpenConversationAsync();

        var contact = await host.Transcripts.RequestEmailAsync(conversation, Actor.Contact(TranscriptTestHost.Carol), "carol@example.com");
        var agent = await host.Transcripts.RequestEmailAsync(conversation, Actor.Agent(TranscriptTestHost.Alice), "carol@example.com");

        Assert.Equal(OperationErrorCode.NotPermitted, contact.Error?.Code);
        Assert.Contains("TranscriptsEnabled", contact.Error!.Message, StringComparison.Ordinal);
        Assert.True(agent.Succeeded);
    }

    [Fact]
    public async Task Only_people_in_the_conversation_may_request()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var bob = await host.Transcripts.RequestEmailAsync(conversation, Actor.Agent(TranscriptTestHost.Bob), "carol@example.com");
        var stranger = await host.Transcripts.RequestEmailAsync(conversation, Actor.Contact(new ContactId("dave")), "dave@example.com");
        var manager = await host.Transcripts.RequestEmailAsync(conversation, Actor.Agent(TranscriptTestHost.Mia), "carol@example.com");

        Assert.Equal(OperationErrorCode.NotServingAgent, bob.Error?.Code);
        Assert.Equal(OperationErrorCode.NotPermitted, stranger.Error?.Code);
        Assert.True(manager.Succeeded);
    }

    [Fact]
    public async Task A_refused_request_or_cancellation_says_who_may_not_do_what_in_which_conversation()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var bob = await host.Transcripts.RequestEmailAsync(conversation, Actor.Agent(TranscriptTestHost.Bob), "carol@example.com");
        var stranger = await host.Transcripts.RequestEmailAsync(conversation, Actor.Contact(new ContactId("dave")), "dave@example.com");
        (await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();
        var bobCancels = await host.Transcripts.CancelEmailRequestAsync(conversation, Actor.Agent(TranscriptTestHost.Bob));

        Assert.StartsWith($"Agent 'bob' cannot request a transcript email in conversation '{conversation}': it is served by agent 'alice'", bob.Error?.Message, StringComparison.Ordinal);
        Assert.Equal($"Contact 'dave' cannot request a transcript email in conversation '{conversation}' of contact 'carol'.", stranger.Error?.Message);
        Assert.StartsWith($"Agent 'bob' cannot cancel the transcript email request in conversation '{conversation}': it is served by agent 'alice'", bobCancels.Error?.Message, StringComparison.Ordinal);
        Assert.NotNull(await host.Transcripts.GetPendingEmailRequestAsync(conversation));
    }

    [Fact]
    public async Task The_request_is_sent_when_the_conversation_closes()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        (await host.Transcripts.RequestEmailAsync(conversation, Actor.Contact(TranscriptTestHost.Carol), "carol.work@example.com", "Our chat")).GetValueOrThrow();

        Assert.Equal(1, await host.Worker.RunUntilIdleAsync()); // only the request record was due: nothing is emailed while open
        Assert.Empty(host.Email.Sent);

        await host.CloseAsync(conversation);
        await host.Worker.RunUntilIdleAsync();

        var email = Assert.Single(host.Email.Sent);
        Assert.Equal("carol.work@example.com", email.To);
        Assert.Equal("Our chat", email.Subject);
        Assert.Contains("Let me check that for you.", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("<h1>Conversation with Carol</h1>", email.HtmlBody, StringComparison.Ordinal);
        Assert.Null(await host.Transcripts.GetPendingEmailRequestAsync(conversation));
    }

    [Fact]
    public async Task A_cancelled_request_is_not_sent()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        (await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();
        (await host.Transcripts.CancelEmailRequestAsync(conversation, Alice)).GetValueOrThrow();

        await host.CloseAsync(conversation);
        await host.Worker.RunUntilIdleAsync();

        Assert.Empty(host.Email.Sent);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
    }

    [Fact]
    public async Task Request_after_close_is_refused()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var result = await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com");

        Assert.Equal(OperationErrorCode.ConversationClosed, result.Error?.Code);
    }

    [Fact]
    public async Task A_request_decided_before_a_close_but_stored_after_it_is_refused_not_lost()
    {
        var storage = SharedStorage.Create();
        var outbox = new PausingOutboxStore(storage.Conversations);
        using var host = await TranscriptTestHost.CreateAsync(storage: storage, services: s => s.AddSingleton<IOutboxStore>(outbox));
        var conversation = await host.OpenConversationAsync();

        // The request has read the open conversation and found no pending request; the close happens meanwhile.
        outbox.PauseNextList();
        var request = host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com").AsTask();
        await outbox.Paused;
        await host.CloseAsync(conversation);
        outbox.Resume();

        Assert.Equal(OperationErrorCode.ConversationClosed, (await request).Error?.Code);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
    }

    [Fact]
    public async Task A_close_decided_before_a_request_but_stored_after_it_sends_the_request()
    {
        var storage = SharedStorage.Create();
        var outbox = new PausingOutboxStore(storage.Conversations);
        using var host = await TranscriptTestHost.CreateAsync(storage: storage, services: s => s.AddSingleton<IOutboxStore>(outbox));
        var conversation = await host.OpenConversationAsync();

        // The close has looked for requests and found none; a request is accepted meanwhile.
        outbox.PauseNextList();
        var close = host.CloseAsync(conversation);
        await outbox.Paused;
        var request = await host.Transcripts.RequestEmailAsync(conversation, Alice, "late@example.com");
        outbox.Resume();
        await close;

        Assert.True(request.Succeeded);
        Assert.Contains("late@example.com", Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email)).Payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancellation_decided_before_a_close_but_stored_after_it_is_refused()
    {
        var storage = SharedStorage.Create();
        var outbox = new PausingOutboxStore(storage.Conversations);
        using var host = await TranscriptTestHost.CreateAsync(storage: storage, services: s => s.AddSingleton<IOutboxStore>(outbox));
        var conversation = await host.OpenConversationAsync();
        (await host.Transcripts.RequestEmailAsync(conversation, Alice, "carol@example.com")).GetValueOrThrow();

        outbox.PauseNextList();
        var cancel = host.Transcripts.CancelEmailRequestAsync(conversation, Alice).AsTask();
        await outbox.Paused;
        await host.CloseAsync(conversation);
        outbox.Resume();

        // The close took the request: the cancellation must not report success for an email that will be sent.
        Assert.Equal(OperationErrorCode.ConversationClosed, (await cancel).Error?.Code);
        Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Email));
    }

    [Fact]
    public async Task Concurrent_requests_leave_exactly_one_pending()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(async () => await host.Transcripts.RequestEmailAsync(conversation, Alice, $"r{i}@example.com"))));

        var accepted = Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(OperationErrorCode.InvalidTransition, r.Error?.Code));
        Assert.Equal(accepted.Value!.Address, (await host.Transcripts.GetPendingEmailRequestAsync(conversation))?.Address);
        Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.EmailRequest));
        Assert.All(await host.Outbox.ListByConversationAsync(conversation, CancellationToken.None), j => Assert.Equal(OutboxMessageStatus.Pending, j.Status));
    }
}
