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

/// <summary>Counts every write the stores accepted, whichever store and entity: "nothing written" means the count did not move.</summary>
public sealed class WriteJournal
{
    private int _writes;

    public int Writes => Volatile.Read(ref _writes);

    public T Record<T>(T stored)
    {
        Interlocked.Increment(ref _writes);
        return stored;
    }
}

/// <summary>The in-memory conversation store and outbox, counting accepted writes.</summary>
public sealed class CountingConversationStore(InMemoryConversationStore inner, WriteJournal journal) : IConversationStore, IOutboxStore, Omnichannel.Conversations.IConversationListStore
{
    public InMemoryConversationStore Inner => inner;

    public ValueTask<Omnichannel.Conversations.ConversationPage> ListAsync(Omnichannel.Conversations.ConversationListQuery query, CancellationToken cancellationToken) => inner.ListAsync(query, cancellationToken);

    public ValueTask<int> CountQueuedAheadAsync(Conversation queued, Omnichannel.Conversations.QueuePlaceOrder order, CancellationToken cancellationToken) => inner.CountQueuedAheadAsync(queued, order, cancellationToken);

    public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        var result = await inner.CreateOrGetOpenAsync(write, cancellationToken);
        return result.Created ? journal.Record(result) : result;
    }

    public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken) =>
        inner.ReadMessagesAsync(id, afterSequence, limit, cancellationToken);

    public async ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(write, cancellationToken));

    public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken) =>
        inner.CountServedAsync(agent, department, countOnHold, cancellationToken);

    public async ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) => journal.Record(await inner.EnqueueAsync(message, cancellationToken));

    public async ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken)
    {
        var leased = await inner.TryLeaseAsync(worker, now, leaseDuration, kind, cancellationToken);
        return leased is null ? null : journal.Record(leased);
    }

    public async ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(message, cancellationToken));

    public ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken) =>
        inner.ListByConversationAsync(conversation, cancellationToken);
}

public sealed class CountingAgentStore(InMemoryAgentStore inner, WriteJournal journal) : IAgentStore
{
    public ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<Agent> SaveAsync(Agent entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));

    public ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken) => inner.FindByUsernameAsync(username, cancellationToken);

    public ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken) => inner.ListByDepartmentAsync(department, cancellationToken);
}

public sealed class CountingDepartmentStore(InMemoryDepartmentStore inner, WriteJournal journal) : IDepartmentStore
{
    public ValueTask<Department?> GetAsync(DepartmentId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<Department> SaveAsync(Department entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));

    public ValueTask<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
}

public sealed class CountingContactStore(InMemoryContactStore inner, WriteJournal journal) : IContactStore
{
    public ValueTask<Contact?> GetAsync(ContactId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<Contact> SaveAsync(Contact entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));

    public ValueTask<Contact?> FindByChannelAsync(string type, string identifier, CancellationToken cancellationToken) => inner.FindByChannelAsync(type, identifier, cancellationToken);

    public ValueTask<ContactPage> SearchAsync(ContactSearchQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);
}

public sealed class CountingCannedResponseStore(InMemoryCannedResponseStore inner, WriteJournal journal) : ICannedResponseStore
{
    public ValueTask<CannedResponse?> GetAsync(CannedResponseId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<CannedResponse> SaveAsync(CannedResponse entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));

    public ValueTask<CannedResponse?> FindByShortcutAsync(string shortcut, CancellationToken cancellationToken) => inner.FindByShortcutAsync(shortcut, cancellationToken);

    public ValueTask<IReadOnlyList<CannedResponse>> QueryAsync(CannedResponseQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public async ValueTask DeleteAsync(CannedResponse response, CancellationToken cancellationToken)
    {
        await inner.DeleteAsync(response, cancellationToken);
        journal.Record(response);
    }
}

public sealed class CountingCallStore(InMemoryCallStore inner, WriteJournal journal) : ICallStore
{
    public ValueTask<ConversationCall?> GetAsync(ConversationId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<ConversationCall> SaveAsync(ConversationCall entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));
}
