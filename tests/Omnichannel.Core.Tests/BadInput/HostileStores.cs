using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// The stores a hostile world runs on: in memory by default, or an adapter's (SQLite, PostgreSQL), so that the same
/// hostile calls prove every store answers them the same way. <see cref="Owner"/> is disposed with the world.
/// </summary>
public sealed record HostileStores(
    IConversationStore Conversations,
    IOutboxStore Outbox,
    IConversationListStore Lists,
    IAgentStore Agents,
    IDepartmentStore Departments,
    IContactStore Contacts,
    ICannedResponseStore CannedResponses,
    ICallStore Calls,
    IAsyncDisposable? Owner = null)
{
    public static HostileStores InMemory(IClock clock)
    {
        var conversations = new InMemoryConversationStore(clock, Duration.FromDays(7));
        return new(conversations, conversations, conversations, new InMemoryAgentStore(), new InMemoryDepartmentStore(), new InMemoryContactStore(),
            new InMemoryCannedResponseStore(), new InMemoryCallStore());
    }
}
