using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using Omnichannel.Workspace.Contacts;
using static Omnichannel.Workspace.Tests.WorkspaceHarness;

namespace Omnichannel.Workspace.Tests.Contacts;

/// <summary>Each conversation records its source (channel and host app), and contact history filters by it (issue 15).</summary>
public sealed class ContactHistoryBySourceTests
{
    private static async Task<Conversation> ClosedFromAsync(WorkspaceHarness desk, ConversationSource source, string text)
    {
        var started = (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Dave, Support, text) { Source = source }, CancellationToken.None)).Ok();
        (await desk.Conversations.TakeAsync(started.Id, Alice)).Ok();
        return (await desk.Conversations.CloseAsync(started.Id, Actor.Agent(Alice))).Ok();
    }

    [Fact]
    public async Task Each_conversation_records_its_source_and_contact_history_filters_by_it()
    {
        using var desk = await CreateAsync();
        var fromWidget = await ClosedFromAsync(desk, new ConversationSource(ContactChannelTypes.Widget) { Identifier = "token-1", App = "website" }, "From the site");
        var byMail = await ClosedFromAsync(desk, new ConversationSource(ContactChannelTypes.Email) { App = "helpdesk" }, "By mail");

        var widgetOnly = (await desk.History.GetHistoryFromSourceAsync(Dave, Alice, new ContactHistoryFilter { ChannelType = "WIDGET" })).Ok();
        var helpdesk = (await desk.History.GetHistoryFromSourceAsync(Dave, Alice, new ContactHistoryFilter { App = "helpdesk" })).Ok();
        var both = (await desk.History.GetHistoryFromSourceAsync(Dave, Alice, new ContactHistoryFilter { ChannelType = "email", App = "website" })).Ok();
        var all = (await desk.History.GetHistoryFromSourceAsync(Dave, Alice, new ContactHistoryFilter())).Ok();

        Assert.Equal("website", fromWidget.Source!.App);
        Assert.Equal([fromWidget.Id], widgetOnly.Conversations.Select(c => c.ConversationId));
        Assert.Equal("token-1", widgetOnly.Conversations[0].Source!.Identifier);
        Assert.Equal([byMail.Id], helpdesk.Conversations.Select(c => c.ConversationId));
        Assert.Empty(both.Conversations);
        Assert.Equal(2, all.Conversations.Length);
    }

    [Fact]
    public async Task A_conversation_without_a_source_is_left_out_of_a_filtered_history()
    {
        using var desk = await CreateAsync();
        await desk.ClosedAsync(Alice, Dave, Support, "Hello");

        Assert.Empty((await desk.History.GetHistoryFromSourceAsync(Dave, Alice, new ContactHistoryFilter { ChannelType = "widget" })).Ok().Conversations);
        Assert.Single((await desk.History.GetHistoryFromSourceAsync(Dave, Alice, new ContactHistoryFilter())).Ok().Conversations);
    }

    [Fact]
    public async Task A_bad_filter_is_refused()
    {
        using var desk = await CreateAsync();

        (await desk.History.GetHistoryFromSourceAsync(Dave, Alice, new ContactHistoryFilter { ChannelType = "two words" })).Refused(OperationErrorCode.InvalidArgument, "channel type");
    }
}
