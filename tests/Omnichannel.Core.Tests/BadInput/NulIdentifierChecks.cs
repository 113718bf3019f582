using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// Identifiers holding a NUL character, which PostgreSQL text columns refuse: every operation refuses them as a caller bug
/// (<see cref="ArgumentException"/>) whichever store is registered, instead of failing with the store's own exception on one
/// store and answering "not found" on the others. Shared by the in-memory, SQLite and PostgreSQL test projects.
/// </summary>
public static class NulIdentifierChecks
{
    public static async Task AssertRefusedAsync(Func<NodaTime.IClock, Task<HostileStores>>? stores = null)
    {
        using var world = await HostileWorld.CreateAsync(stores: stores);
        var before = await world.SnapshotAsync();
        var nulConversation = new ConversationId("c-1\0");
        var nulAgent = new AgentId("alice\0");
        var nulContact = new ContactId("dave\0");

        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Conversations.GetAsync(nulConversation));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Conversations.TakeAsync(nulConversation, HostileWorld.Bob));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Conversations.CloseAsync(nulConversation, Actor.System));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Conversations.ListQueuedAsync(nulAgent));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Conversations.ViewAsync(HostileWorld.Taken, Actor.Agent(nulAgent)));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Get<IContactService>().GetAsync(nulContact, HostileWorld.Mia));
        await Assert.ThrowsAsync<ArgumentException>(async () => await world.Get<IConversationSearchService>().ListAttachmentsAsync(nulConversation, HostileWorld.Mia));

        Assert.Equal(before, await world.SnapshotAsync());
    }
}
