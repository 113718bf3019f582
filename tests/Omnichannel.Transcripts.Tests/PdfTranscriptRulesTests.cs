using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests;

/// <summary>The guide's PDF rules: the bot user sends it, once per conversation, and never accepted without the permission.</summary>
public sealed class PdfTranscriptRulesTests
{
    [Fact]
    public async Task Pdf_exported_from_a_closed_conversation_appears_within_it_as_a_message_from_the_bot_user()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.BotName = "Transcript Bot");
        var conversation = await host.OpenConversationAsync();
        var closed = await host.CloseAsync(conversation);

        var job = (await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice)).GetValueOrThrow();
        await host.Worker.RunUntilIdleAsync();

        var message = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal("Transcript Bot", message.Sender);
        Assert.Equal(Actor.Agent(TranscriptTestHost.Alice), message.Recipient);
        Assert.Equal(conversation, message.ConversationId);
        Assert.Equal(TranscriptDirectMessageKind.PdfTranscriptInConversation, message.Kind);
        Assert.Contains("Let me check that for you.", System.Text.Encoding.UTF8.GetString(message.Attachment!.Content.Span), StringComparison.Ordinal);
        Assert.Equal(OutboxMessageStatus.Delivered, (await host.JobsAsync(conversation, TranscriptJobKinds.Pdf)).Single(j => j.Id == job.Id).Status);

        // Within the conversation: the bot's message carrying the PDF, after the conversation's own messages; still closed.
        var after = (await host.Conversations.GetAsync(conversation))!;
        Assert.Equal(ConversationState.Closed, after.State);
        Assert.Equal(closed.MessageCount + 1, after.MessageCount);
        var log = new List<Message>();
        await foreach (var m in host.Storage.Conversations.StreamMessagesAsync(conversation))
        {
            log.Add(m);
        }

        var bot = log[^1];
        Assert.Equal((AuthorKind.Bot, "Transcript Bot"), (bot.AuthorKind, bot.AuthorId));
        var file = Assert.Single(bot.Attachments);
        Assert.Equal((message.Attachment.FileName, "application/pdf", message.AttachmentReference), (file.FileName, file.MediaType, file.StorageReference));
    }

    [Fact]
    public async Task Pdf_exported_at_close_goes_to_the_agent_as_a_direct_message_from_the_bot()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.BotName = "Transcript Bot");
        var conversation = await host.OpenConversationAsync();
        var closed = await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: true, SendEmail: false));
        await host.Worker.RunUntilIdleAsync();

        var message = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal((TranscriptDirectMessageKind.PdfTranscript, "Transcript Bot", Actor.Agent(TranscriptTestHost.Alice)), (message.Kind, message.Sender, message.Recipient));
        Assert.Null(message.AttachmentReference);
        Assert.Equal(closed.MessageCount, (await host.Conversations.GetAsync(conversation))!.MessageCount);
    }

    [Fact]
    public async Task The_bot_user_is_rocket_cat_unless_configured()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: true, SendEmail: false));
        await host.Worker.RunUntilIdleAsync();

        Assert.Equal("Rocket.Cat", Assert.Single(host.DirectMessages.Sent).Sender);
    }

    [Fact]
    public async Task A_pdf_transcript_is_generated_once_per_conversation_a_later_request_answers_with_the_existing_one()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var first = (await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice)).GetValueOrThrow();
        var whileRunning = (await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Mia)).GetValueOrThrow();
        await host.Worker.RunUntilIdleAsync();
        var after = (await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Mia)).GetValueOrThrow();
        await host.Worker.RunUntilIdleAsync();

        Assert.Equal(first.Id, whileRunning.Id);
        Assert.Equal(first.Id, after.Id);
        Assert.Equal(OutboxMessageStatus.Delivered, after.Status);
        Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
        Assert.Single(host.DirectMessages.Sent);
    }

    [Fact]
    public async Task A_pdf_exported_at_close_answers_a_later_request_and_no_new_work_is_queued()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: true, SendEmail: false));
        var atClose = Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
        await host.Worker.RunUntilIdleAsync();

        var later = (await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice)).GetValueOrThrow();
        await host.Worker.RunUntilIdleAsync();

        Assert.Equal(atClose.Id, later.Id);
        Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
        Assert.Single(host.DirectMessages.Sent);
    }

    [Fact]
    public async Task Export_as_pdf_at_close_without_the_request_pdf_transcript_permission_is_refused_at_close()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = (await host.Conversations.ReceiveContactMessageAsync(TranscriptTestHost.Carol, TranscriptTestHost.Support, "Hi")).GetValueOrThrow().Id;
        (await host.Conversations.TakeAsync(conversation, TranscriptTestHost.Bob)).GetValueOrThrow();

        var refused = await host.Conversations.CloseAsync(conversation, Actor.Agent(TranscriptTestHost.Bob), new CloseRequest { Transcript = new TranscriptChoices(ExportPdf: true, SendEmail: false) });

        Assert.Equal(OperationErrorCode.NotPermitted, refused.Error?.Code);
        Assert.Contains("lacks the Request PDF Transcript permission", refused.Error?.Message, StringComparison.Ordinal);
        Assert.True((await host.Conversations.GetAsync(conversation))!.IsOpen);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
    }

    [Fact]
    public async Task An_always_export_pdf_preference_without_the_permission_is_skipped_at_close_with_the_reason()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        await host.UpdateAgentAsync(TranscriptTestHost.Bob, a => a with { TranscriptPreferences = new TranscriptPreferences(AlwaysExportPdf: true, AlwaysSendEmail: false) });
        var conversation = (await host.Conversations.ReceiveContactMessageAsync(TranscriptTestHost.Carol, TranscriptTestHost.Support, "Hi")).GetValueOrThrow().Id;
        (await host.Conversations.TakeAsync(conversation, TranscriptTestHost.Bob)).GetValueOrThrow();

        var closed = (await host.Conversations.CloseAsync(conversation, Actor.Agent(TranscriptTestHost.Bob))).GetValueOrThrow();
        await host.Worker.RunUntilIdleAsync();

        Assert.False(closed.TranscriptChoices.ExportPdf);
        Assert.Equal($"The PDF transcript of conversation '{conversation}' was skipped at close: agent 'bob' lacks the Request PDF Transcript permission.", closed.TranscriptChoices.PdfSkippedReason);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.FailureNotice));
        Assert.Empty(host.DirectMessages.Sent);
    }
}
