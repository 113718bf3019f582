using Omnichannel.WebHost.Attachments;

namespace Omnichannel.WebHost.Tests;

/// <summary>The name an uploaded file is listed by is a file name the library accepts, whatever the browser sent.</summary>
public sealed class UploadedFileNameTests
{
    [Theory]
    [InlineData("report.pdf", "report.pdf")]
    [InlineData("C:\\Users\\carol\\report.pdf", "report.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("dir\\..\\", "file")]
    [InlineData("..", "file")]
    [InlineData("   ", "file")]
    [InlineData(null, "file")]
    public void An_uploaded_file_is_named_by_the_last_part_of_what_the_browser_sent(string? sent, string listed) =>
        Assert.Equal(listed, AttachmentFiles.UploadedFileName(sent));

    [Fact]
    public void A_long_name_is_cut_to_200_characters_without_cutting_a_character_in_two()
    {
        var sent = new string('a', 199) + "\U0001F600" + ".txt";

        var listed = AttachmentFiles.UploadedFileName(sent);

        Assert.Equal(new string('a', 199), listed);
        Assert.Equal(200, AttachmentFiles.UploadedFileName(new string('b', 300)).Length);
    }
}
