using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// A text that shows nothing (white space and invisible characters such as the zero-width space, joiners, bidirectional
/// marks, the byte order mark) is empty: as a message, a required closing comment or a name, exactly like "   ".
/// </summary>
public sealed class InvisibleTextTests
{
    public static TheoryData<string> Invisible => new()
    {
        "\u200B",
        " \u200B\u200C\u200D ",
        "\u2060\uFEFF",
        "\u200E\u200F\u202E",
        "\u3164",
        "\t\u00AD\n",
    };

    [Theory]
    [MemberData(nameof(Invisible))]
    public async Task A_message_of_invisible_characters_only_is_refused_as_empty_and_nothing_is_stored(string text)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, text)).Refused(OperationErrorCode.InvalidArgument, "message is empty");
        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, text)).Refused(OperationErrorCode.InvalidArgument, "message is empty");

        Assert.Equal(taken.MessageCount, (await desk.ReadAsync(taken.Id)).MessageCount);
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    public async Task A_first_message_of_invisible_characters_only_opens_no_conversation(string text)
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Erin, Ids.Support, text)).Refused(OperationErrorCode.InvalidArgument, "message is empty");

        Assert.Empty((await desk.Conversations.ListQueuedAsync(Ids.Alice)).Ok());
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    public async Task An_invisible_closing_comment_is_no_comment_when_one_is_required(string comment)
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.RequireCommentToClose = true);
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = comment })).Refused(OperationErrorCode.CommentRequired, $"'{taken.Id}'");

        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(taken.Id)).State);
    }

    [Theory]
    [MemberData(nameof(Invisible))]
    public async Task An_invisible_closing_or_forward_comment_is_recorded_as_none_and_not_quoted_in_the_system_message(string comment)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var forwarded = await desk.TakenAsync(Ids.Alice);
        var closed = await desk.TakenAsync(Ids.Alice, Ids.Erin);

        var forward = (await desk.Conversations.ForwardAsync(forwarded.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob), comment)).Ok();
        var close = (await desk.Conversations.CloseAsync(closed.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = comment })).Ok();

        Assert.True(forward.Succeeded);
        Assert.Null(Assert.Single(forward.Conversation.Transfers).Comment);
        Assert.Null(close.ClosingComment);
        var notices = (await desk.MessagesAsync(forwarded.Id)).Concat(await desk.MessagesAsync(closed.Id)).Where(m => m.AuthorKind == AuthorKind.System).ToList();
        Assert.Contains(notices, m => m.Text.StartsWith("alice forwarded the conversation", StringComparison.Ordinal));
        Assert.Contains(notices, m => m.Text == "alice closed the conversation.");
        Assert.DoesNotContain(notices, m => m.Text.Contains("Comment:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Visible_text_with_invisible_characters_inside_is_kept_as_written()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        // An emoji sequence joined by U+200D and a word with a soft hyphen are ordinary text.
        var posted = (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "\U0001F469\u200D\U0001F4BB ok\u00ADay")).Ok();

        Assert.Equal("\U0001F469\u200D\U0001F4BB ok\u00ADay", (await desk.MessagesAsync(posted.Id))[^1].Text);
    }
}
