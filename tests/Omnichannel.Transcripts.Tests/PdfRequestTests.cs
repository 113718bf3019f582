using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests;

public sealed class PdfRequestTests
{
    [Fact]
    public async Task Pdf_of_an_open_conversation_is_refused_until_it_is_closed()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();

        var result = await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice);

        Assert.Equal(OperationErrorCode.InvalidTransition, result.Error?.Code);
        Assert.Equal($"Conversation '{conversation}' is Taken: a PDF transcript can only be exported once the conversation is closed. Close it first.", result.Error?.Message);
        Assert.Empty(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
    }

    [Fact]
    public async Task Pdf_needs_the_request_pdf_transcript_permission()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var result = await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Bob);

        Assert.Equal(OperationErrorCode.NotPermitted, result.Error?.Code);
        Assert.Contains("lacks the Request PDF Transcript permission", result.Error?.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pdf_of_a_closed_conversation_reaches_the_requester_as_a_direct_message()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var job = (await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice)).GetValueOrThrow();
        await host.Worker.RunUntilIdleAsync();

        var message = Assert.Single(host.DirectMessages.Sent);
        Assert.Equal(Actor.Agent(TranscriptTestHost.Alice), message.Recipient);
        Assert.Equal(conversation, message.ConversationId);
        Assert.Equal(TranscriptDirectMessageKind.PdfTranscript, message.Kind);
        Assert.Contains("Let me check that for you.", System.Text.Encoding.UTF8.GetString(message.Attachment!.Content.Span), StringComparison.Ordinal);
        Assert.Equal(OutboxMessageStatus.Delivered, (await host.JobsAsync(conversation, TranscriptJobKinds.Pdf)).Single(j => j.Id == job.Id).Status);
    }

    [Fact]
    public async Task A_second_pdf_is_refused_while_the_first_is_generated_and_allowed_after()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var first = await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice);
        var whileRunning = await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Mia);
        await host.Worker.RunUntilIdleAsync();
        var after = await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Mia);

        Assert.True(first.Succeeded);
        Assert.Equal(OperationErrorCode.InvalidTransition, whileRunning.Error?.Code);
        Assert.Contains("is already being generated", whileRunning.Error?.Message, StringComparison.Ordinal);
        Assert.True(after.Succeeded);
        Assert.NotEqual(first.Value!.Id, after.Value!.Id);
    }

    [Fact]
    public async Task Concurrent_pdf_requests_generate_one_pdf()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(async () => await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice))));
        await host.Worker.RunUntilIdleAsync();

        Assert.Single(results, r => r.Succeeded);
        Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
        Assert.Single(host.DirectMessages.Sent);
    }

    [Fact]
    public async Task A_pdf_requested_at_close_blocks_a_second_request_until_delivered()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation, choices: new TranscriptChoices(ExportPdf: true, SendEmail: false));

        var refused = await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice);

        Assert.Equal(OperationErrorCode.InvalidTransition, refused.Error?.Code);
    }

    [Fact]
    public async Task Pdf_of_an_unknown_conversation_is_not_found()
    {
        using var host = await TranscriptTestHost.CreateAsync();

        var result = await host.Transcripts.RequestPdfAsync(new ConversationId("nope"), TranscriptTestHost.Alice);

        Assert.Equal(OperationErrorCode.NotFound, result.Error?.Code);
    }
}
