using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Parity;

/// <summary>The anchor's "inquiry.setSLA": routing serves a waiting conversation by the SLA a supervisor gave it.</summary>
public sealed class ServiceLevelEditRoutingTests
{
    [Fact]
    public async Task A_waiting_conversation_put_under_an_sla_is_served_before_older_ones_without()
    {
        await using var h = RoutingHarness.Create(core: o => o.ServiceLevelPolicies.Add(new ServiceLevelPolicy("Gold", Duration.FromMinutes(5))));
        await h.DepartmentAsync("d", maxChatsPerAgent: 1);
        var a = await h.AgentAsync("a", "d", status: AgentStatus.Away);
        var s = await h.SupervisorAsync("s", "d");
        var older = await h.ArriveAsync("k1", "d");
        await h.Time.AdvanceByAsync(Duration.FromSeconds(1));
        var urgent = await h.ArriveAsync("k2", "d");

        (await h.Conversations.UpdateRoomInformationAsync(urgent, s, new RoomInformationUpdate { ServiceLevel = "Gold" })).GetValueOrThrow();
        await h.SettleAsync();
        await h.SetStatusAsync(a, AgentStatus.Available);

        Assert.Equal(a, await h.ServingAsync(urgent));
        Assert.Equal([older], await h.QueueOrderAsync(new DepartmentId("d")));
    }
}
