using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>Contacts as the anchor models them (issue 15, and issue 11's contacts directory).</summary>
public sealed class ContactParityTests
{
    private static readonly ContactChannel Widget = new(ContactChannelTypes.Widget, "token-dave");
    private static readonly ContactChannel Mail = new(ContactChannelTypes.Email, "dave@example.com");

    private static IContactService ContactService(OmnichannelHarness desk) => desk.Services.GetRequiredService<IContactService>();

    private static async Task<Contact> DaveWithChannelsAsync(OmnichannelHarness desk, Func<Contact, Contact>? change = null)
    {
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;
        var changed = dave with { Channels = [Widget, Mail] };
        return (await ContactService(desk).UpdateAsync(change is null ? changed : change(changed), Ids.Alice)).Ok();
    }

    [Fact]
    public async Task A_contact_is_found_by_any_of_its_channels()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk);

        Assert.Equal(Ids.Dave, (await ContactService(desk).FindByChannelAsync("widget", "token-dave", Ids.Alice)).Ok().Id);
        Assert.Equal(Ids.Dave, (await ContactService(desk).FindByChannelAsync("EMAIL", "Dave@Example.com", Ids.Alice)).Ok().Id);
        (await ContactService(desk).FindByChannelAsync("phone", "+15550102030", Ids.Alice)).Refused(OperationErrorCode.NotFound);
    }

    [Fact]
    public async Task Channels_are_validated_with_a_result_naming_the_problem()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var badType = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))! with { Channels = [new ContactChannel("what sapp", "x")] };
        (await ContactService(desk).UpdateAsync(badType, Ids.Alice)).Refused(OperationErrorCode.InvalidContact, "channel type");

        var twice = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))! with { Channels = [Widget, Widget with { Identifier = "TOKEN-DAVE" }] };
        (await ContactService(desk).UpdateAsync(twice, Ids.Alice)).Refused(OperationErrorCode.InvalidContact, "listed twice");
    }

    [Fact]
    public async Task The_contacts_directory_searches_by_name_email_or_phone_in_pages()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var service = ContactService(desk);
        for (var i = 0; i < 7; i++)
        {
            (await service.RegisterAsync(new Contact { Id = new ContactId($"p-{i}"), Name = $"Paula Ferreira {i}", Emails = [$"paula{i}@example.com"], Phones = [$"+55 11 9000-000{i}"] })).Ok();
        }

        var first = (await service.SearchAsync(new ContactSearchQuery { Text = "paula", Limit = 5 }, Ids.Alice)).Ok();
        var second = (await service.SearchAsync(new ContactSearchQuery { Text = "paula", Offset = 5, Limit = 5 }, Ids.Alice)).Ok();

        Assert.Equal(5, first.Contacts.Count);
        Assert.True(first.HasMore);
        Assert.Equal(2, second.Contacts.Count);
        Assert.False(second.HasMore);
        Assert.Equal("p-3", Assert.Single((await service.SearchAsync(new ContactSearchQuery { Text = "PAULA3@" }, Ids.Alice)).Ok().Contacts).Id.Value);
        Assert.Equal("p-6", Assert.Single((await service.SearchAsync(new ContactSearchQuery { Text = "+55 (11) 9000-0006" }, Ids.Alice)).Ok().Contacts).Id.Value);
        Assert.Equal(7, (await service.SearchAsync(new ContactSearchQuery { Text = "ferreira", Limit = 100 }, Ids.Alice)).Ok().Contacts.Count);
    }

    [Theory]
    [InlineData(-1, 10)]
    [InlineData(0, 0)]
    [InlineData(0, 101)]
    public async Task A_search_page_out_of_range_is_refused(int offset, int limit)
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await ContactService(desk).SearchAsync(new ContactSearchQuery { Offset = offset, Limit = limit }, Ids.Alice)).Refused(OperationErrorCode.InvalidArgument, "limit");
    }

    [Fact]
    public async Task A_message_from_a_blocked_channel_is_refused_and_opens_nothing()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk);
        (await ContactService(desk).SetChannelBlockedAsync(Ids.Dave, "widget", "token-dave", blocked: true, Ids.Alice)).Ok();
        desk.Events.Clear();

        var refused = await desk.Conversations.ReceiveContactMessageAsync(
            new ContactMessage(Ids.Dave, Ids.Support, "Hello") { Source = new ConversationSource(ContactChannelTypes.Widget) { Identifier = "TOKEN-dave" } }, CancellationToken.None);

        refused.Refused(OperationErrorCode.ChannelBlocked, "blocked");
        Assert.Empty(await desk.Store.QueryAsync(new Omnichannel.Conversations.ConversationQuery { ContactId = Ids.Dave }, CancellationToken.None));
        Assert.Equal(0, desk.Events.Count);
    }

    [Fact]
    public async Task Messages_from_the_contacts_other_channels_still_arrive_and_unblocking_lets_the_channel_in_again()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk, c => c with { Channels = [Widget with { Blocked = true }, Mail] });

        var byMail = await desk.Conversations.ReceiveContactMessageAsync(
            new ContactMessage(Ids.Dave, Ids.Support, "Hello") { Source = new ConversationSource(ContactChannelTypes.Email) { Identifier = "dave@example.com" } }, CancellationToken.None);
        (await ContactService(desk).SetChannelBlockedAsync(Ids.Dave, "widget", "token-dave", blocked: false, Ids.Alice)).Ok();
        var byWidget = await desk.Conversations.ReceiveContactMessageAsync(
            new ContactMessage(Ids.Dave, Ids.Sales, "Hi") { Source = new ConversationSource(ContactChannelTypes.Widget) { Identifier = "token-dave" } }, CancellationToken.None);

        byMail.Ok();
        byWidget.Ok();
    }

    [Fact]
    public async Task A_source_without_identifier_is_refused_when_any_channel_of_its_type_is_blocked()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await DaveWithChannelsAsync(desk, c => c with { Channels = [Widget with { Blocked = true }, Mail] });

        (await desk.Conversations.ReceiveContactMessageAsync(
            new ContactMessage(Ids.Dave, Ids.Support, "Hello") { Source = new ConversationSource(ContactChannelTypes.Widget) }, CancellationToken.None)).Refused(OperationErrorCode.ChannelBlocked);
    }

    [Fact]
    public async Task Blocking_a_channel_the_contact_does_not_have_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await ContactService(desk).SetChannelBlockedAsync(Ids.Dave, "widget", "nope", blocked: true, Ids.Alice)).Refused(OperationErrorCode.NotFound, "no widget channel");
    }

    [Fact]
    public async Task An_unknown_contact_becomes_known_when_given_a_name()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var service = ContactService(desk);
        var guest = (await service.RegisterAsync(new Contact { Id = new ContactId("guest-1"), Name = "Guest 1", IsUnknown = true })).Ok();
        Assert.True(guest.IsUnknown);

        var sameName = (await service.UpdateAsync(guest with { Phones = ["+1 555 010 2030"] }, Ids.Alice)).Ok();
        var named = (await service.UpdateAsync(sameName with { Name = "Grace Hopper" }, Ids.Alice)).Ok();

        Assert.True(sameName.IsUnknown);
        Assert.False(named.IsUnknown);
    }

    [Fact]
    public async Task An_unknown_contact_becomes_known_when_given_an_email_address()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var service = ContactService(desk);
        var guest = (await service.RegisterAsync(new Contact { Id = new ContactId("guest-1"), Name = "Guest 1", IsUnknown = true })).Ok();

        Assert.False((await service.UpdateAsync(guest with { Emails = ["grace@example.com"] }, Ids.Alice)).Ok().IsUnknown);
        Assert.False((await service.RegisterAsync(new Contact { Id = new ContactId("guest-2"), Name = "Guest 2", Emails = ["ada@example.com"], IsUnknown = true })).Ok().IsUnknown);
    }

    [Fact]
    public async Task A_message_with_a_bad_source_is_refused_before_anything_is_stored()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Conversations.ReceiveContactMessageAsync(
            new ContactMessage(Ids.Dave, Ids.Support, "Hi") { Source = new ConversationSource("two words") }, CancellationToken.None)).Refused(OperationErrorCode.InvalidArgument, "source channel type");
        Assert.Empty(await desk.Store.QueryAsync(new Omnichannel.Conversations.ConversationQuery { ContactId = Ids.Dave }, CancellationToken.None));
    }
}
