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

/// <summary>A conversation store and its outbox (in memory, SQLite or PostgreSQL), counting accepted writes.</summary>
public sealed class CountingConversationStore(IConversationStore inner, IOutboxStore outbox, IConversationListStore lists, WriteJournal journal) : IConversationStore, IOutboxStore, IConversationListStore
{
    public CountingConversationStore(InMemoryConversationStore inner, WriteJournal journal)
        : this(inner, inner, inner, journal)
    {
    }

    public ValueTask<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken) => lists.ListAsync(query, cancellationToken);

    public ValueTask<int> CountQueuedAheadAsync(Conversation queued, Omnichannel.Conversations.QueuePlaceOrder order, CancellationToken cancellationToken) => lists.CountQueuedAheadAsync(queued, order, cancellationToken);

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

    public async ValueTask<OutboxMessage> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken) => journal.Record(await outbox.EnqueueAsync(message, cancellationToken));

    public async ValueTask<OutboxMessage?> TryLeaseAsync(string worker, Instant now, Duration leaseDuration, string? kind, CancellationToken cancellationToken)
    {
        var leased = await outbox.TryLeaseAsync(worker, now, leaseDuration, kind, cancellationToken);
        return leased is null ? null : journal.Record(leased);
    }

    public async ValueTask<OutboxMessage> SaveAsync(OutboxMessage message, CancellationToken cancellationToken) => journal.Record(await outbox.SaveAsync(message, cancellationToken));

    public ValueTask<IReadOnlyList<OutboxMessage>> ListByConversationAsync(ConversationId conversation, CancellationToken cancellationToken) =>
        outbox.ListByConversationAsync(conversation, cancellationToken);
}

public sealed class CountingAgentStore(IAgentStore inner, WriteJournal journal) : IAgentStore
{
    public ValueTask<Agent?> GetAsync(AgentId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<Agent> SaveAsync(Agent entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));

    public ValueTask<Agent?> FindByUsernameAsync(string username, CancellationToken cancellationToken) => inner.FindByUsernameAsync(username, cancellationToken);

    public ValueTask<IReadOnlyList<Agent>> ListByDepartmentAsync(DepartmentId department, CancellationToken cancellationToken) => inner.ListByDepartmentAsync(department, cancellationToken);
}

public sealed class CountingDepartmentStore(IDepartmentStore inner, WriteJournal journal) : IDepartmentStore
{
    public ValueTask<Department?> GetAsync(DepartmentId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<Department> SaveAsync(Department entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));

    public ValueTask<IReadOnlyList<Department>> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
}

public sealed class CountingContactStore(IContactStore inner, WriteJournal journal) : IContactStore
{
    public ValueTask<Contact?> GetAsync(ContactId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<Contact> SaveAsync(Contact entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));

    public ValueTask<Contact?> FindByChannelAsync(string type, string identifier, CancellationToken cancellationToken) => inner.FindByChannelAsync(type, identifier, cancellationToken);

    public ValueTask<ContactPage> SearchAsync(ContactSearchQuery query, CancellationToken cancellationToken) => inner.SearchAsync(query, cancellationToken);
}

public sealed class CountingCannedResponseStore(ICannedResponseStore inner, WriteJournal journal) : ICannedResponseStore
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

public sealed class CountingCallStore(ICallStore inner, WriteJournal journal) : ICallStore
{
    public ValueTask<ConversationCall?> GetAsync(ConversationId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public async ValueTask<ConversationCall> SaveAsync(ConversationCall entity, CancellationToken cancellationToken) => journal.Record(await inner.SaveAsync(entity, cancellationToken));
}
