using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Workspace.Tests;
using Omnichannel.Operations;

using static Omnichannel.Workspace.Tests.WorkspaceHarness;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Workspace.Tests.Search;

/// <summary>The attachments panel: every file of the conversation, searched by name and filtered by kind.</summary>
public sealed class AttachmentSearchTests
{
    private static Attachment File(string name, string mediaType) => new(name, mediaType, 1_024, $"https://files.example.com/{name}");

    private static async Task<Conversation> WithFilesAsync(WorkspaceHarness desk)
    {
        var first = (await desk.Conversations.ReceiveContactMessageAsync(Dave, Support, "Here is the screen", [File("Screen Shot.PNG", "image/png"), File("invoice-42.pdf", "application/pdf")])).Ok();
        (await desk.Conversations.TakeAsync(first.Id, Alice)).Ok();
        desk.Clock.Advance(NodaTime.Duration.FromMinutes(1));
        (await desk.Conversations.PostAgentMessageAsync(first.Id, Alice, "Try this guide", [File("guide.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")])).Ok();
        desk.Clock.Advance(NodaTime.Duration.FromMinutes(1));
        return (await desk.Conversations.ReceiveContactMessageAsync(Dave, Support, string.Empty, [File("voice note.ogg", "audio/ogg; codecs=opus"), File("screen-recording.mp4", "video/mp4"), File("logs.zip", "application/zip")])).Ok();
    }

    [Fact]
    public async Task Every_attachment_is_listed_newest_first_with_its_message_and_kind()
    {
        using var desk = await CreateAsync();
        var conversation = await WithFilesAsync(desk);

        var files = (await desk.Search.ListAttachmentsAsync(conversation.Id, Alice)).Ok();

        Assert.Equal(
            // Message 2 is the take's system message.
            [("voice note.ogg", AttachmentKind.Audio, 4), ("screen-recording.mp4", AttachmentKind.Video, 4), ("logs.zip", AttachmentKind.Other, 4),
             ("guide.docx", AttachmentKind.Document, 3), ("Screen Shot.PNG", AttachmentKind.Image, 1), ("invoice-42.pdf", AttachmentKind.Document, 1)],
            files.Select(f => (f.Attachment.FileName, f.Kind, f.MessageSequence)));
        var guide = files[3];
        Assert.Equal((AuthorKind.Agent, "alice", Start + NodaTime.Duration.FromMinutes(1), "https://files.example.com/guide.docx"), (guide.AuthorKind, guide.AuthorId, guide.SentAt, guide.Attachment.StorageReference));
    }

    [Fact]
    public async Task Attachments_are_searched_by_name_ignoring_letter_case()
    {
        using var desk = await CreateAsync();
        var conversation = await WithFilesAsync(desk);

        var files = (await desk.Search.ListAttachmentsAsync(conversation.Id, Alice, new AttachmentQuery { NameContains = "SCREEN" })).Ok();

        Assert.Equal(["screen-recording.mp4", "Screen Shot.PNG"], files.Select(f => f.Attachment.FileName));
    }

    [Theory]
    [InlineData(AttachmentKind.Image, new[] { "Screen Shot.PNG" })]
    [InlineData(AttachmentKind.Document, new[] { "guide.docx", "invoice-42.pdf" })]
    [InlineData(AttachmentKind.Other, new[] { "logs.zip" })]
    public async Task Attachments_are_filtered_by_kind(AttachmentKind kind, string[] expected)
    {
        using var desk = await CreateAsync();
        var conversation = await WithFilesAsync(desk);

        var files = (await desk.Search.ListAttachmentsAsync(conversation.Id, Alice, new AttachmentQuery { Kind = kind })).Ok();

        Assert.Equal(expected, files.Select(f => f.Attachment.FileName));
    }

    [Fact]
    public async Task Name_and_kind_filters_combine()
    {
        using var desk = await CreateAsync();
        var conversation = await WithFilesAsync(desk);

        var files = (await desk.Search.ListAttachmentsAsync(conversation.Id, Alice, new AttachmentQuery { NameContains = "screen", Kind = AttachmentKind.Video })).Ok();

        Assert.Equal(["screen-recording.mp4"], files.Select(f => f.Attachment.FileName));
    }

    [Fact]
    public async Task Agents_of_other_departments_cannot_list_the_files()
    {
        using var desk = await CreateAsync();
        var conversation = await WithFilesAsync(desk);

        (await desk.Search.ListAttachmentsAsync(conversation.Id, Sam)).Refused(OperationErrorCode.NotDepartmentMember, "'sam'");
    }

    [Theory]
    [InlineData("image/png", null, AttachmentKind.Image)]
    [InlineData("IMAGE/JPEG", null, AttachmentKind.Image)]
    [InlineData("video/quicktime", null, AttachmentKind.Video)]
    [InlineData("audio/mpeg", null, AttachmentKind.Audio)]
    [InlineData("text/plain; charset=utf-8", null, AttachmentKind.Document)]
    [InlineData("text/csv", null, AttachmentKind.Document)]
    [InlineData("application/pdf", null, AttachmentKind.Document)]
    [InlineData("application/msword", null, AttachmentKind.Document)]
    [InlineData("application/vnd.ms-excel", null, AttachmentKind.Document)]
    [InlineData("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", null, AttachmentKind.Document)]
    [InlineData("application/vnd.oasis.opendocument.text", null, AttachmentKind.Document)]
    [InlineData("application/zip", "report.pdf", AttachmentKind.Other)]
    [InlineData("application/x-msdownload", null, AttachmentKind.Other)]
    [InlineData("application/octet-stream", "photo.JPG", AttachmentKind.Image)]
    [InlineData("", "notes.txt", AttachmentKind.Document)]
    [InlineData("", "archive.tar", AttachmentKind.Other)]
    [InlineData(null, null, AttachmentKind.Other)]
    [InlineData("nonsense", null, AttachmentKind.Other)]
    public void The_kind_comes_from_the_media_type_or_else_the_extension(string? mediaType, string? fileName, AttachmentKind expected) =>
        Assert.Equal(expected, AttachmentKinds.Of(mediaType, fileName));
}
