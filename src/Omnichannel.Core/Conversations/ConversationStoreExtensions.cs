using System.Runtime.CompilerServices;
using Omnichannel.Capacity;

namespace Omnichannel.Conversations;

/// <summary>Reads built on <see cref="IConversationStore"/> that adapters need not implement.</summary>
/// <remarks>The methods are as thread-safe as the store they call.</remarks>
public static class ConversationStoreExtensions
{
    /// <summary>How many messages <see cref="StreamMessagesAsync"/> reads per page.</summary>
    public const int MessagePageSize = 256;

    private static readonly ConversationState[] ServedStates = [ConversationState.Taken, ConversationState.Forwarded, ConversationState.OnHold];

    /// <summary>
    /// Streams a conversation's messages in order, a page at a time, so that a transcript or a search of a long
    /// conversation never holds all of its messages at once.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="id">The conversation.</param>
    /// <param name="afterSequence">Only messages after this sequence number; 0 for all.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The messages, ascending by sequence.</returns>
    public static async IAsyncEnumerable<Message> StreamMessagesAsync(
        this IConversationStore store,
        ConversationId id,
        int afterSequence = 0,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        var after = afterSequence;
        while (true)
        {
            var page = await store.ReadMessagesAsync(id, after, MessagePageSize, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < page.Count; i++)
            {
                yield return page[i];
            }

            if (page.Count < MessagePageSize)
            {
                yield break;
            }

            after = page[^1].Sequence;
        }
    }

    /// <summary>Reads the last <paramref name="count"/> messages of a conversation (a preview), in order.</summary>
    /// <param name="store">The store.</param>
    /// <param name="conversation">The conversation, whose <see cref="Conversation.MessageCount"/> says where the log ends.</param>
    /// <param name="count">How many messages at most; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The last messages, ascending by sequence.</returns>
    public static ValueTask<IReadOnlyList<Message>> ReadLastMessagesAsync(this IConversationStore store, Conversation conversation, int count, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(conversation);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return store.ReadMessagesAsync(conversation.Id, Math.Max(0, conversation.MessageCount - count), count, cancellationToken);
    }

    /// <summary>
    /// Counts what <paramref name="claim"/>'s agent serves, as the claim counts it, outside a write (for alerts and routing
    /// hints; only the claim in a write guarantees anything). Reads only what the claim's limits need: nothing for a claim
    /// without limits, <see cref="IConversationStore.CountServedAsync"/> without a channel limit, else the agent's open
    /// conversations (an indexed read of their few rows).
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="claim">The claim whose agent, department, channel and on-hold rule apply.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The agent's load.</returns>
    public static async ValueTask<AgentLoad> CountLoadAsync(this IConversationStore store, CapacityClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (claim.Channel is not null && claim.ChannelLimit > 0)
        {
            var served = await store.QueryAsync(new ConversationQuery { ServingAgentId = claim.AgentId, States = ServedStates }, cancellationToken).ConfigureAwait(false);
            return AgentLoad.Count(served, claim);
        }

        var overall = claim.AgentLimit > 0 ? await store.CountServedAsync(claim.AgentId, null, claim.CountOnHold, cancellationToken).ConfigureAwait(false) : 0;
        var department = claim.DepartmentLimit > 0 ? await store.CountServedAsync(claim.AgentId, claim.DepartmentId, claim.CountOnHold, cancellationToken).ConfigureAwait(false) : 0;
        return new AgentLoad(overall, department, 0);
    }

    /// <summary>
    /// Streams a conversation's messages newest first, a small page at a time, for questions about its end (the last
    /// agent message, whether anyone answered since some time): the caller stops as soon as it knows, so the cost is
    /// the messages it looks at, not the length of the conversation.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="conversation">The conversation, whose <see cref="Conversation.MessageCount"/> says where the log ends.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The messages, descending by sequence.</returns>
    public static async IAsyncEnumerable<Message> ReadBackwardsAsync(
        this IConversationStore store,
        Conversation conversation,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(conversation);
        const int Page = 16;
        for (var end = conversation.MessageCount; end > 0; end -= Page)
        {
            var after = Math.Max(0, end - Page);
            var page = await store.ReadMessagesAsync(conversation.Id, after, end - after, cancellationToken).ConfigureAwait(false);
            for (var i = page.Count - 1; i >= 0; i--)
            {
                yield return page[i];
            }
        }
    }
}
