using Omnichannel.Capacity;
using Omnichannel.Storage;

namespace Omnichannel.Conversations;

/// <summary>
/// Stores conversations (small versioned records) and their messages (an append-only log per conversation, written
/// in the same atomic write as the record and read in pages). Every write is checked against the version that was read;
/// a write that makes an agent serve a conversation also checks their capacity, atomically.
/// </summary>
/// <remarks>Implementations must be thread-safe, and atomic per call even across processes sharing the store.</remarks>
public interface IConversationStore
{
    /// <summary>Reads a conversation.</summary>
    /// <param name="id">Its identifier.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The conversation, or null.</returns>
    ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a new conversation (version 0, not closed) with its first messages unless its contact already has an open
    /// conversation in its department; atomically, so concurrent first messages start only one conversation.
    /// </summary>
    /// <param name="write">
    /// The new conversation and its first messages (<see cref="ConversationWrite.Messages"/>, numbered from 1); no claim and
    /// no outbox jobs.
    /// </param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored conversation at version 1 and true, or the existing open conversation and false (nothing written).</returns>
    /// <exception cref="ArgumentException">The conversation is not new and open, or the messages are not numbered from 1.</exception>
    ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken);

    /// <summary>Reads a page of a conversation's messages, in order.</summary>
    /// <param name="id">The conversation.</param>
    /// <param name="afterSequence">Only messages with a greater <see cref="Message.Sequence"/>; 0 for the first page.</param>
    /// <param name="limit">At most this many messages; at least 1.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The messages, ascending by sequence; empty past the end or for an unknown conversation.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> is less than 1 or <paramref name="afterSequence"/> is negative.</exception>
    ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Reads a conversation to decide a change to it. A store may answer from what this process last read or wrote,
    /// without asking the database, because the change's write checks the version it was decided from
    /// (<see cref="SaveAsync"/> refuses a stale one with <see cref="ConcurrencyConflictException"/>, and the operations
    /// then read again with <see cref="GetAsync"/>): a stale answer costs a retry, never a wrong write. Never use it for
    /// what is shown or returned. The default reads the store.
    /// </summary>
    /// <param name="id">The conversation.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The conversation, or null when it does not exist.</returns>
    ValueTask<Conversation?> GetForChangeAsync(ConversationId id, CancellationToken cancellationToken) => GetAsync(id, cancellationToken);

    /// <summary>
    /// Applies one change atomically: the version check, then the capacity claim, then the write of the record, its
    /// appended messages (<see cref="ConversationWrite.Messages"/>) and its outbox jobs.
    /// </summary>
    /// <param name="write">The change.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored conversation at its new version.</returns>
    /// <exception cref="ConcurrencyConflictException">The stored version differs from the one read.</exception>
    /// <exception cref="CapacityExceededException">The claim's agent has no room; nothing was written.</exception>
    /// <exception cref="ArgumentException">The appended messages do not continue the stored message count; nothing was written.</exception>
    /// <exception cref="ConcurrencyConflictException">
    /// Also when the write would give the contact a second open conversation in a department (a move racing the contact's
    /// first message there); nothing was written, and a caller that reads again sees why.
    /// </exception>
    ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken);

    /// <summary>Lists the conversations matching a query, oldest first (by <see cref="Conversation.CreatedAt"/>, then id).</summary>
    /// <param name="query">The conditions.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The matching conversations.</returns>
    ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken);

    /// <summary>Counts the open conversations an agent serves, as a <see cref="CapacityClaim"/> would.</summary>
    /// <param name="agent">The agent.</param>
    /// <param name="department">When set, only conversations of this department.</param>
    /// <param name="countOnHold">Whether on-hold conversations count.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of conversations.</returns>
    ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken);
}
