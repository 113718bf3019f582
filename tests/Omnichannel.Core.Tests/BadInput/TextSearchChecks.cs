using Omnichannel.Conversations;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// The agent's conversation list filters by text the same way on every store: ignoring letter case for every script, not
/// only ASCII, and taking SQL and LIKE metacharacters as plain text. Shared by the in-memory, SQLite and PostgreSQL tests.
/// </summary>
public static class TextSearchChecks
{
    public static async Task AssertSameOnEveryStoreAsync(Func<NodaTime.IClock, Task<HostileStores>>? stores = null)
    {
        using var world = await HostileWorld.CreateAsync(stores: stores);
        Assert.True((await world.Conversations.UpdateRoomInformationAsync(HostileWorld.Taken, HostileWorld.Alice, new RoomInformationUpdate("École Überprüfung ΣΊΣΥΦΟΣ 100%_x"))).Succeeded);

        foreach (var text in new[] { "École", "école", "ÉCOLE", "überprüfung", "σίσυφοσ", "100%_x" })
        {
            var page = (await world.Conversations.ListConversationsAsync(HostileWorld.Mia, new ConversationListQuery { Text = text })).GetValueOrThrow();
            Assert.True(page.Items.Any(c => c.Id == HostileWorld.Taken), $"Searching \"{text}\" did not find the topic \"École Überprüfung ΣΊΣΥΦΟΣ 100%_x\".");
        }

        foreach (var text in new[] { "%", "_", "'; --", "école2" })
        {
            var page = (await world.Conversations.ListConversationsAsync(HostileWorld.Mia, new ConversationListQuery { Text = text })).GetValueOrThrow();
            Assert.True(text == "%" || text == "_" || !page.Items.Any(c => c.Id == HostileWorld.Taken), $"Searching \"{text}\" found the conversation.");
            Assert.DoesNotContain(page.Items, c => c.Topic is null && c.ClosingComment is null);
        }
    }
}
