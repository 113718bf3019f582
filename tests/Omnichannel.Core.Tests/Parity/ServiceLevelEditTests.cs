using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>The anchor's "inquiry.setSLA": a supervisor puts a waiting conversation under an SLA policy, and the queue follows.</summary>
public sealed class ServiceLevelEditTests
{
    private static Task<OmnichannelHarness> CreateAsync() => OmnichannelHarness.CreateAsync(o =>
    {
        o.ServiceLevelPolicies.Add(new ServiceLevelPolicy("Gold", Duration.FromMinutes(5)));
        o.ServiceLevelPolicies.Add(new ServiceLevelPolicy("Silver", Duration.FromMinutes(30)));
    });

    [Fact]
    public async Task A_supervisor_puts_a_queued_conversation_under_an_sla_and_it_is_served_before_those_without()
    {
        using var desk = await CreateAsync();
        var first = await desk.QueuedAsync(Ids.Dave);
        desk.Clock.Advance(Duration.FromMinutes(1));
        var second = await desk.QueuedAsync(Ids.Erin);

        var edited = (await desk.Conversations.UpdateRoomInformationAsync(second.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "gold" })).Ok();

        Assert.Equal(("Gold", second.CreatedAt + Duration.FromMinutes(5)), (edited.ServiceLevel, edited.ServiceLevelDueAt));
        Assert.Equal([second.Id, first.Id], (await desk.Conversations.ListQueuedAsync(Ids.Bob)).Ok().Select(c => c.Id));
    }

    [Fact]
    public async Task An_empty_sla_name_removes_the_policy_and_its_due_time_and_a_null_one_leaves_it()
    {
        using var desk = await CreateAsync();
        var queued = await desk.QueuedAsync();
        (await desk.Conversations.UpdateRoomInformationAsync(queued.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "Silver" })).Ok();

        var kept = (await desk.Conversations.UpdateRoomInformationAsync(queued.Id, Ids.Mia, new RoomInformationUpdate(Topic: "Invoice"))).Ok();
        var removed = (await desk.Conversations.UpdateRoomInformationAsync(queued.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "" })).Ok();

        Assert.Equal("Silver", kept.ServiceLevel);
        Assert.Equal((null, null), (removed.ServiceLevel, removed.ServiceLevelDueAt));
    }

    [Fact]
    public async Task The_sla_of_a_conversation_that_is_not_queued_cannot_change_but_sending_back_its_own_is_accepted()
    {
        using var desk = await CreateAsync();
        var queued = await desk.QueuedAsync();
        (await desk.Conversations.UpdateRoomInformationAsync(queued.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "Silver" })).Ok();
        var taken = (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Ok();

        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "Gold" }))
            .Refused(OperationErrorCode.InvalidTransition, taken.Id.Value, "Taken", "only while the conversation is queued", "'Silver'");
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "" }))
            .Refused(OperationErrorCode.InvalidTransition, "only while the conversation is queued");

        var same = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "silver", Topic = "Billing" })).Ok();
        Assert.Equal(("Silver", "Billing"), (same.ServiceLevel, same.Topic));
    }

    [Fact]
    public async Task An_sla_that_is_not_configured_is_refused_naming_the_configured_ones()
    {
        using var desk = await CreateAsync();
        var queued = await desk.QueuedAsync();

        (await desk.Conversations.UpdateRoomInformationAsync(queued.Id, Ids.Mia, new RoomInformationUpdate { ServiceLevel = "Platinum" }))
            .Refused(OperationErrorCode.InvalidArgument, "Gold, Silver");

        Assert.Null((await desk.ReadAsync(queued.Id)).ServiceLevel);
    }
}
