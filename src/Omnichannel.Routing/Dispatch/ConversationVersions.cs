using Omnichannel.Conversations;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The newest stored version of each open conversation the router has applied. Events and reads reach the router in
/// any order (events of one conversation published by different threads, a read that started before an event), so one
/// older than what was applied is stale and must change nothing (it would re-queue a taken conversation, or count a
/// closed one on its agent forever). Closed is final: closed conversations are remembered without a version, in two
/// generations, so that memory stays bounded.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
/// <param name="records">The router's table of open conversations, where the applied version of each is kept.</param>
/// <param name="closedPerGeneration">How many closed conversations one generation remembers.</param>
internal sealed class ConversationVersions(ConversationRecords records, int closedPerGeneration = 100_000)
{
    private HashSet<ConversationId> _closed = [];
    private HashSet<ConversationId> _closedBefore = [];

    /// <summary>True when <paramref name="conversation"/> is newer than anything applied of it (a version never seen, not closed).</summary>
    public bool IsNewer(Conversation conversation) =>
        !IsClosed(conversation.Id) && (!records.TryFind(conversation.Id, out var record) || !record.HasVersion || record.Version < conversation.Version);

    /// <summary>Makes room for <paramref name="additional"/> more open conversations at once (a bulk read), rather than growing step by step.</summary>
    public void EnsureRoomFor(int additional) => records.EnsureRoomFor(additional);

    /// <summary>Records this version of the conversation and returns true, or returns false when it is not newer than what was applied.</summary>
    /// <param name="conversation">The conversation as an event or a read carried it.</param>
    public bool TryApply(Conversation conversation)
    {
        if (conversation.IsOpen)
        {
            if (IsClosed(conversation.Id))
            {
                return false;
            }

            // One look-up (none after another of the same id): the applied version is read and replaced in place.
            var record = records.FindOrAdd(conversation.Id);
            if (record.HasVersion && record.Version >= conversation.Version)
            {
                return false;
            }

            record.Version = conversation.Version;
            record.HasVersion = true;
            return true;
        }

        if (!IsNewer(conversation))
        {
            return false;
        }

        var id = conversation.Id;
        if (records.TryFind(id, out var open))
        {
            open.HasVersion = false;
            open.Version = 0;
            records.DropIfEmpty(open);
        }

        if (_closed.Count >= closedPerGeneration)
        {
            _closedBefore = _closed;
            _closed = [];
        }

        _closed.Add(id);
        return true;
    }

    private bool IsClosed(ConversationId id) => _closed.Contains(id) || _closedBefore.Contains(id);
}
