using System.Collections.Immutable;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>Capacity per channel (one call or three chats): never assigned past it, and a full channel does not hold up other channels.</summary>
public class ChannelCapacityTests
{
    [Fact]
    public async Task An_agent_at_their_call_limit_gets_chats_while_the_next_call_waits_for_a_free_line()
    {
        await using var h = RoutingHarness.Create();
        await h.DepartmentAsync("d");
        var a = await h.AgentAsync("a", "d", max: 3, configure: x => x with { ChannelCapacity = ImmutableDictionary<string, int>.Empty.Add("call", 1) });
        var firstCall = await ArriveOnAsync(h, "k1", "d", "call");
        var secondCall = await ArriveOnAsync(h, "k2", "d", "call");
        var chat = await h.ArriveAsync("k3", "d");
        await h.Routing.DispatchAsync();

        Assert.Equal(a, await h.ServingAsync(firstCall));
        Assert.Equal(ConversationState.Queued, await h.StateAsync(secondCall));
        Assert.Equal(a, await h.ServingAsync(chat));

        await h.CloseAsync(firstCall);

        Assert.Equal(a, await h.ServingAsync(secondCall));
    }

    [Fact]
    public async Task The_call_goes_to_the_agent_with_a_free_line_even_when_another_is_less_busy()
    {
        await using var h = RoutingHarness.Create(r => r.UseLeastBusy());
        await h.DepartmentAsync("d");
        var oneLine = ImmutableDictionary<string, int>.Empty.Add("call", 1);
        var a = await h.AgentAsync("a", "d", max: 3, configure: x => x with { ChannelCapacity = oneLine });
        var onCall = await ArriveOnAsync(h, "k1", "d", "call");
        await h.Routing.DispatchAsync();
        Assert.Equal(a, await h.ServingAsync(onCall));
        await h.SetStatusAsync(a, AgentStatus.Away);
        var b = await h.AgentAsync("b", "d", max: 3, configure: x => x with { ChannelCapacity = oneLine });
        await ArriveAsyncTaken(h, b, "k2");
        await ArriveAsyncTaken(h, b, "k3");
        await h.SetStatusAsync(a, AgentStatus.Available);

        // Least busy prefers a (1 open against 2), but a's only line is taken.
        var call = await ArriveOnAsync(h, "k4", "d", "call");
        await h.Routing.DispatchAsync();

        Assert.Equal(b, await h.ServingAsync(call));
    }

    private static async Task<ConversationId> ArriveOnAsync(RoutingHarness h, string contact, string department, string channel)
    {
        await h.ContactAsync(contact);
        return (await h.Conversations.ReceiveContactMessageAsync(new ContactMessage(new ContactId(contact), new DepartmentId(department), "hello") { Channel = channel }, CancellationToken.None)).GetValueOrThrow().Id;
    }

    /// <summary>A chat that ends up with <paramref name="agent"/> (the only agent with room for it).</summary>
    private static async Task ArriveAsyncTaken(RoutingHarness h, AgentId agent, string contact)
    {
        var chat = await h.ArriveAsync(contact, "d");
        await h.Routing.DispatchAsync();
        Assert.Equal(agent, await h.ServingAsync(chat));
    }
}
