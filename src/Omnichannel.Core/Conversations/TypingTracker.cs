using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>
/// Who is typing where, for the typing indicator's throttle and expiry: per conversation and actor, when a "typing"
/// event was last published, the last "typing" call, and the pending "stopped typing".
/// </summary>
/// <remarks>Thread-safe: one lock guards the table; nothing is awaited under it.</remarks>
internal sealed class TypingTracker
{
    private readonly Lock _sync = new();
    private readonly Dictionary<(ConversationId, Conversations.Actor), Entry> _entries = [];

    /// <summary>
    /// Records a "typing" call at <paramref name="now"/>: true when a "typing" event should be published (none within the
    /// throttle interval). The expiry is (re)armed by the caller with the returned generation.
    /// </summary>
    public (bool Publish, long Generation) Typing(ConversationId conversation, Conversations.Actor actor, Instant now, Duration throttle)
    {
        lock (_sync)
        {
            if (!_entries.TryGetValue((conversation, actor), out var entry))
            {
                entry = new Entry();
                _entries[(conversation, actor)] = entry;
            }

            entry.Generation++;
            entry.Expiry?.Dispose();
            entry.Expiry = null;
            var publish = entry.PublishedAt is not { } published || now - published >= throttle;
            if (publish)
            {
                entry.PublishedAt = now;
            }

            return (publish, entry.Generation);
        }
    }

    /// <summary>Keeps the handle of the pending "stopped typing" of <paramref name="generation"/> (disposed at once when a newer call came).</summary>
    public void SetExpiry(ConversationId conversation, Conversations.Actor actor, long generation, IDisposable handle)
    {
        lock (_sync)
        {
            if (_entries.TryGetValue((conversation, actor), out var entry) && entry.Generation == generation)
            {
                entry.Expiry = handle;
                return;
            }
        }

        handle.Dispose();
    }

    /// <summary>
    /// Ends the typing of the actor: true when it was typing (for an expiry, only when no newer call came since
    /// <paramref name="generation"/>). A null generation is an explicit "stopped typing".
    /// </summary>
    public bool Stop(ConversationId conversation, Conversations.Actor actor, long? generation)
    {
        lock (_sync)
        {
            if (!_entries.TryGetValue((conversation, actor), out var entry) || (generation is { } g && entry.Generation != g))
            {
                return false;
            }

            _entries.Remove((conversation, actor));
            if (generation is null)
            {
                entry.Expiry?.Dispose();
            }

            return true;
        }
    }

    private sealed class Entry
    {
        public long Generation { get; set; }

        public Instant? PublishedAt { get; set; }

        public IDisposable? Expiry { get; set; }
    }
}
