using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// Free text (messages, comments, topics, a department's texts) may hold tabs and line breaks but no other control
/// character: not the C0 controls, and not DEL (U+007F) or the C1 controls (U+0080 to U+009F) either, which no keyboard
/// types and which terminals, XML and PDF writers treat as commands. The refusal names the field, the character and where.
/// </summary>
public sealed class ControlCharacterTests
{
    public static TheoryData<char> DelAndC1 => new() { '\u007F', '\u0080', '\u0085', '\u008D', '\u009B', '\u009F' };

    private static string Hex(char c) => $"U+{(int)c:X4}";

    [Theory]
    [MemberData(nameof(DelAndC1))]
    public async Task A_message_holding_DEL_or_a_C1_control_is_refused_naming_the_character_and_nothing_is_stored(char control)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var text = $"ab{control}cd";

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, text)).Refused(OperationErrorCode.InvalidArgument, "message", $"control character {Hex(control)} (at character 3)");
        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, text)).Refused(OperationErrorCode.InvalidArgument, "message", Hex(control));
        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Erin, Ids.Support, text)).Refused(OperationErrorCode.InvalidArgument, "message", Hex(control));

        Assert.Equal(taken.Version, (await desk.ReadAsync(taken.Id)).Version);
        Assert.Empty((await desk.Conversations.ListQueuedAsync(Ids.Alice)).Ok());
    }

    [Theory]
    [MemberData(nameof(DelAndC1))]
    public async Task A_comment_or_topic_holding_DEL_or_a_C1_control_is_refused_naming_the_field_and_the_character(char control)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var text = $"x{control}";

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Comment = text })).Refused(OperationErrorCode.InvalidArgument, "closing comment", Hex(control));
        (await desk.Conversations.ForwardAsync(taken.Id, Ids.Alice, ForwardTarget.ToAgent(Ids.Bob), text)).Refused(OperationErrorCode.InvalidArgument, "comment", Hex(control));
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate(Topic: text))).Refused(OperationErrorCode.InvalidArgument, "topic", Hex(control));
        var support = (await desk.Departments.GetAsync(Ids.Support))!;
        (await desk.Departments.SaveAsync(support with { OfflineMessage = text })).Refused(OperationErrorCode.InvalidDepartment, "offline message", Hex(control));

        var after = await desk.ReadAsync(taken.Id);
        Assert.Equal((ConversationState.Taken, taken.Version), (after.State, after.Version));
    }

    [Theory]
    [MemberData(nameof(DelAndC1))]
    public async Task A_tag_holding_DEL_or_a_C1_control_is_refused_as_not_one_line(char control)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = [$"billing{control}"] })).Refused(OperationErrorCode.InvalidArgument, Hex(control), "one line");

        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(taken.Id)).State);
    }

    [Theory]
    [MemberData(nameof(DelAndC1))]
    public async Task A_name_holding_DEL_or_a_C1_control_is_refused_naming_the_character(char control)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var support = (await desk.Departments.GetAsync(Ids.Support))!;
        var alice = (await desk.Agents.GetAsync(Ids.Alice))!;

        (await desk.Departments.SaveAsync(support with { Name = $"Sup{control}port" })).Refused(OperationErrorCode.InvalidDepartment, Hex(control));
        (await desk.Agents.UpdateAsync(alice with { DisplayName = $"Alice{control}" })).Refused(OperationErrorCode.InvalidAgent, Hex(control));
        (await desk.Conversations.PostBotMessageAsync(taken.Id, $"bot{control}", "Hello")).Refused(OperationErrorCode.InvalidArgument, Hex(control));

        Assert.Equal(support.Version, (await desk.Departments.GetAsync(Ids.Support))!.Version);
        Assert.Equal(alice.Version, (await desk.Agents.GetAsync(Ids.Alice))!.Version);
    }

    [Fact]
    public async Task Tabs_line_breaks_and_the_printable_Latin_1_characters_next_to_the_C1_range_are_kept()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        const string text = "Total:\t12\u00A0\u20AC\r\nMerci, \u00E0 bient\u00F4t \u00FF~";

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, text)).Ok();

        Assert.Equal(text, (await desk.MessagesAsync(taken.Id))[^1].Text);
    }
}
