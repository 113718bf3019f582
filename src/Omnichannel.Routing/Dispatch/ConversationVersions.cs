using Omnichannel.Conversations;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The newest stored version of each open conversation the router has applied. Events are published by whichever
/// thread made the change, after its write, so two events of one conversation can reach the router in either
/// order; one older than what was applied is stale and must change nothing (it would re-queue a taken conversation,
/// or count a closed one on its agent forever). Closed is final: closed conversations are remembered without a
/// version, in two generations, so that memory stays bounded.
/// </summary>
/// <remarks>Not thread-safe: the router guards it with its lock.</remarks>
internal sealed class ConversationVersions(int closedPerGeneration = 100_000)
{
    private readonly Dictionary<ConversationId, long> _open = [];
    private HashSet<ConversationId> _closed = [];
    private HashSet<ConversationId> _closedBefore = [];

    /// <summary>Records this version of the conversation and returns true, or returns false when a newer version (or its close) was applied already.</summary>
    /// <param name="conversation">The conversation as an event or a read carried it.</param>
    public bool TryApply(Conversation conversation)
    {
        var id = conversation.Id;
        if (_closed.Contains(id) || _closedBefore.Contains(id) || (_open.TryGetValue(id, out var applied) && applied > conversation.Version))
        {
            return false;
        }

        if (conversation.IsOpen)
        {
            _open[id] = conversation.Version;
            return true;
        }

        _open.Remove(id);
        if (_closed.Count >= closedPerGeneration)
        {
            _closedBefore = _closed;
            _closed = [];
        }

        _closed.Add(id);
        return true;
    }

    /// <summary>True when a version newer than <paramref name="conversation"/>'s (or its close) was applied.</summary>
    /// <param name="conversation">The conversation as a write returned it.</param>
    public bool HasNewerThan(Conversation conversation) =>
        _closed.Contains(conversation.Id) || _closedBefore.Contains(conversation.Id)
        || (_open.TryGetValue(conversation.Id, out var applied) && applied > conversation.Version);
}
