using Omnichannel.Conversations;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Tests.Support;

/// <summary>A conversation store that runs a callback before each save, to interleave another change deterministically (a race, on one thread).</summary>
internal sealed class InterceptingConversationStore(IConversationStore inner, Func<ConversationWrite, ValueTask> beforeSave) : IConversationStore
{
    public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

    public ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken) =>
        inner.CreateOrGetOpenAsync(write, cancellationToken);

    public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken) =>
        inner.ReadMessagesAsync(id, afterSequence, limit, cancellationToken);

    public async ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken)
    {
        await beforeSave(write);
        return await inner.SaveAsync(write, cancellationToken);
    }

    public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken) =>
        inner.CountServedAsync(agent, department, countOnHold, cancellationToken);
}
