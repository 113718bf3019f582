using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using Omnichannel.Tags;
using Microsoft.Extensions.DependencyInjection;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Tags as managed entities (per department or global), used at close and editable during the conversation.</summary>
public sealed class TagTests
{
    private static async Task<(OmnichannelHarness Desk, ITagService Tags)> CreateAsync()
    {
        var desk = await OmnichannelHarness.CreateAsync();
        var tags = desk.Services.GetRequiredService<ITagService>();
        (await tags.SaveAsync(new Tag { Id = new TagId("t-billing"), Name = "Billing", Departments = [Ids.Support] })).Ok();
        (await tags.SaveAsync(new Tag { Id = new TagId("t-spam"), Name = "Spam" })).Ok();
        (await tags.SaveAsync(new Tag { Id = new TagId("t-quote"), Name = "Quote", Departments = [Ids.Sales] })).Ok();
        return (desk, tags);
    }

    [Fact]
    public async Task A_department_offers_its_own_tags_and_the_global_ones()
    {
        var (desk, tags) = await CreateAsync();
        using var _ = desk;

        Assert.Equal(["Billing", "Spam"], (await tags.ListAsync(Ids.Support)).Select(t => t.Name));
        Assert.Equal(["Quote", "Spam"], (await tags.ListAsync(Ids.Sales)).Select(t => t.Name));
        Assert.Equal(3, (await tags.ListAsync()).Count);
    }

    [Fact]
    public async Task Managed_tags_are_the_only_tags_accepted_at_close_when_a_department_has_some()
    {
        var (desk, _) = await CreateAsync();
        using var __ = desk;
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["Quote"] })).Refused(OperationErrorCode.TagNotOffered, "Tag 'Quote' is not offered", "Billing, Spam");
        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = ["billing", "Spam"] })).Ok();

        Assert.Equal(["Billing", "Spam"], closed.Tags.ToArray());
    }

    [Fact]
    public async Task Tags_are_editable_during_the_conversation_and_kept_at_close()
    {
        var (desk, _) = await CreateAsync();
        using var __ = desk;
        var taken = await desk.TakenAsync(Ids.Alice);

        var tagged = (await desk.Conversations.UpdateTagsAsync(taken.Id, Ids.Alice, ["Billing"])).Ok();
        (await desk.Conversations.UpdateTagsAsync(taken.Id, Ids.Alice, ["Quote"])).Refused(OperationErrorCode.TagNotOffered);
        (await desk.Conversations.UpdateTagsAsync(taken.Id, Ids.Sam, ["Spam"])).Refused(OperationErrorCode.NotServingAgent);
        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice))).Ok();

        Assert.Equal(["Billing"], tagged.Tags.ToArray());
        Assert.Equal(["Billing"], closed.Tags.ToArray());
        (await desk.Conversations.UpdateTagsAsync(taken.Id, Ids.Alice, ["Spam"])).Refused(OperationErrorCode.ConversationClosed);
    }

    [Fact]
    public async Task Tags_edited_with_the_room_information_are_only_those_the_department_offers()
    {
        var (desk, _) = await CreateAsync();
        using var __ = desk;
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate { Topic = "invoice", Tags = ["Quote"] }))
            .Refused(OperationErrorCode.TagNotOffered, "Tag 'Quote' is not offered", "Billing, Spam");
        var unchanged = await desk.ReadAsync(taken.Id);
        var tagged = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate { Tags = ["billing", "Billing"] })).Ok();
        var closed = (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice))).Ok();

        Assert.Null(unchanged.Topic);
        Assert.Empty(unchanged.Tags);
        Assert.Equal(["Billing"], tagged.Tags.ToArray());
        Assert.Equal(["Billing"], closed.Tags.ToArray());
    }

    [Fact]
    public async Task Tags_edited_with_the_room_information_must_be_among_the_department_closing_tags()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { ClosingTags = ["refund", "delivery"] });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate { Tags = ["anything"] }))
            .Refused(OperationErrorCode.TagNotOffered, "Tag 'anything' is not offered by department 'support'", "refund, delivery");

        Assert.Empty((await desk.ReadAsync(taken.Id)).Tags);
    }

    [Fact]
    public async Task A_department_requiring_tags_may_rely_on_managed_tags()
    {
        var (desk, _) = await CreateAsync();
        using var __ = desk;

        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { RequireTagsOnClose = true });
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice))).Refused(OperationErrorCode.TagsRequired, "Billing, Spam");
    }

    [Fact]
    public async Task A_tag_name_is_offered_once_per_department_and_names_existing_departments()
    {
        var (desk, tags) = await CreateAsync();
        using var _ = desk;

        (await tags.SaveAsync(new Tag { Id = new TagId("t-billing-2"), Name = "BILLING", Departments = [Ids.Support] })).Refused(OperationErrorCode.InvalidArgument, "like tag 't-billing'");
        (await tags.SaveAsync(new Tag { Id = new TagId("t-x"), Name = "X", Departments = [new DepartmentId("nowhere")] })).Refused(OperationErrorCode.InvalidArgument, "'nowhere', which does not exist");
        (await tags.SaveAsync(new Tag { Id = new TagId("t-billing-sales"), Name = "Billing", Departments = [Ids.Sales] })).Ok();
    }
}
