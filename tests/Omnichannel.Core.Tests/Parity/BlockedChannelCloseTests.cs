using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>The anchor closes the open conversation of a channel when that channel is blocked ("contacts.block").</summary>
public sealed class BlockedChannelCloseTests
{
    private static readonly ContactChannel Widget = new(ContactChannelTypes.Widget, "token-dave");
    private static readonly ContactChannel Mail = new(ContactChannelTypes.Email, "dave@example.com");

    private static IContactService ContactService(OmnichannelHarness desk) => desk.Services.GetRequiredService<IContactService>();

    private static async Task DaveWithChannelsAsync(OmnichannelHarness desk)
    {
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;
        (await ContactService(desk).UpdateAsync(dave with { Channels = [Widget, Mail] }, Ids.Alice)).Ok();
    }

    private static async Task<Conversation> WriteAsync(OmnichannelHarness desk, ContactChannel from, DepartmentId department) =>
        (await desk.Conversations.ReceiveContactMessageAsync(
            new ContactMessage(Ids.Dave, department, "Hello") { Source = new ConversationSource(from.Type) { Identifier = from.Identifier } }, CancellationToken.None)).Ok();

    [Fact]
    public async Task Blocking_a_channel_closes_the_contacts_open_conversation_from_it_by_the_system_with_the_reason()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk);
        var fromWidget = await WriteAsync(desk, Widget, Ids.Support);
        (await desk.Conversations.TakeAsync(fromWidget.Id, Ids.Alice)).Ok();

        (await ContactService(desk).SetChannelBlockedAsync(Ids.Dave, "widget", "TOKEN-dave", blocked: true, Ids.Alice)).Ok();

        var closed = await desk.ReadAsync(fromWidget.Id);
        Assert.Equal(ConversationState.Closed, closed.State);
        Assert.Equal(CloseReasons.ChannelBlocked, closed.CloseReason);
        Assert.Equal(Actor.System, closed.ClosedBy);
        Assert.Contains("blocked", closed.ClosingComment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blocking_a_channel_leaves_the_contacts_conversations_from_other_channels_open()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk);
        var fromWidget = await WriteAsync(desk, Widget, Ids.Support);
        var byMail = await WriteAsync(desk, Mail, Ids.Sales);

        (await ContactService(desk).SetChannelBlockedAsync(Ids.Dave, "widget", "token-dave", blocked: true, Ids.Alice)).Ok();

        Assert.Equal(ConversationState.Closed, (await desk.ReadAsync(fromWidget.Id)).State);
        Assert.Equal(ConversationState.Queued, (await desk.ReadAsync(byMail.Id)).State);
    }

    /// <summary>A host's screen pusher that shows contacts' names: it needs the contact service.</summary>
    private sealed class ContactReadingPublisher(IContactService contacts) : Omnichannel.Notifications.IDomainEventPublisher
    {
        public IContactService Contacts { get; } = contacts;

        public ValueTask PublishAsync(Omnichannel.Notifications.DomainEvent domainEvent, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    [Fact]
    public async Task A_host_publisher_that_reads_contacts_still_resolves_and_blocking_through_it_closes_the_conversation()
    {
        using var desk = await OmnichannelHarness.CreateAsync(services: s => s.AddSingleton<Omnichannel.Notifications.IDomainEventPublisher, ContactReadingPublisher>());
        await DaveWithChannelsAsync(desk);
        var fromWidget = await WriteAsync(desk, Widget, Ids.Support);
        var publisher = desk.Services.GetServices<Omnichannel.Notifications.IDomainEventPublisher>().OfType<ContactReadingPublisher>().Single();

        (await publisher.Contacts.SetChannelBlockedAsync(Ids.Dave, "widget", "token-dave", blocked: true, Ids.Alice)).Ok();

        Assert.Equal(ConversationState.Closed, (await desk.ReadAsync(fromWidget.Id)).State);
    }

    [Fact]
    public async Task Unblocking_a_channel_closes_nothing()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk);
        var fromWidget = await WriteAsync(desk, Widget, Ids.Support);

        (await ContactService(desk).SetChannelBlockedAsync(Ids.Dave, "widget", "token-dave", blocked: false, Ids.Alice)).Ok();

        Assert.Equal(ConversationState.Queued, (await desk.ReadAsync(fromWidget.Id)).State);
    }

    [Fact]
    public async Task A_refused_block_closes_nothing()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk);
        var fromWidget = await WriteAsync(desk, Widget, Ids.Support);

        (await ContactService(desk).SetChannelBlockedAsync(Ids.Dave, "sms", "+33600000000", blocked: true, Ids.Alice)).Refused(OperationErrorCode.NotFound);

        Assert.Equal(ConversationState.Queued, (await desk.ReadAsync(fromWidget.Id)).State);
    }
}
