using Omnichannel.Agents;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// Identifiers with an unpaired surrogate cannot be encoded as UTF-8: SQLite's driver replaces it with U+FFFD (so a lookup
/// could find another entity, whose id holds a real U+FFFD) and Npgsql throws an encoder exception. Every operation refuses
/// them as a caller bug the same way on every store, and never answers with another entity.
/// </summary>
public static class SurrogateIdentifierChecks
{
    public static async Task AssertRefusedAsync(Func<NodaTime.IClock, Task<HostileStores>>? stores = null)
    {
        using var world = await HostileWorld.CreateAsync(stores: stores);
        var replacement = new AgentId("zed\uFFFD");
        Assert.True((await world.Get<IAgentService>().RegisterAsync(new Agent { Id = replacement, Username = "zed", Departments = [HostileWorld.Support] })).Succeeded);

        var lone = new AgentId("zed\uD800");
        var found = await Record.ExceptionAsync(async () =>
        {
            var agent = await world.Get<IAgentService>().GetAsync(lone);
            Assert.Null(agent); // never the agent "zed\uFFFD"
        });

        Assert.IsType<ArgumentException>(found);
        Assert.Contains("surrogate", found.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Conversations.TakeAsync(HostileWorld.Queued, lone));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Conversations.GetAsync(new Omnichannel.ConversationId("c-2\uDC00")));
    }
}
