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
    public async Task Concurrent_pdf_requests_generate_one_pdf()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Task.Run(async () => await host.Transcripts.RequestPdfAsync(conversation, TranscriptTestHost.Alice))));
        await host.Worker.RunUntilIdleAsync();

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results.Select(r => r.Value!.Id).Distinct());
        Assert.Single(await host.JobsAsync(conversation, TranscriptJobKinds.Pdf));
        Assert.Single(host.DirectMessages.Sent);
    }

    [Fact]
    public async Task Pdf_of_an_unknown_conversation_is_not_found()
    {
        using var host = await TranscriptTestHost.CreateAsync();

        var result = await host.Transcripts.RequestPdfAsync(new ConversationId("nope"), TranscriptTestHost.Alice);

        Assert.Equal(OperationErrorCode.NotFound, result.Error?.Code);
    }
}
