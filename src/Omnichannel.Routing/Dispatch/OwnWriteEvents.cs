using Omnichannel.Conversations;
using Omnichannel.Notifications;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// The events of the conversation the drain is assigning, held back while its write runs. The router applies the stored
/// result of its own assignment at once; an event carrying a version no newer than that result would change nothing when
/// applied (<see cref="ConversationVersions"/> refuses it), so it is dropped instead of queued for the next round. Any
/// other event, of this conversation (newer, or while the write failed) or of another, goes to the dispatcher as before.
/// </summary>
/// <remarks>Thread-safe: events arrive on the threads that stored them; the drain begins and ends the write on its pass.</remarks>
internal sealed class OwnWriteEvents(DispatchWork work)
{
    private readonly Lock _sync = new();
    private ConversationId? _inFlight;
    private readonly List<DomainEvent> _held = []; // reused: most writes hold one or two events, all dropped

    /// <summary>The drain is about to write <paramref name="conversation"/>: its events are held until <see cref="End"/>.</summary>
    public void Begin(ConversationId conversation)
    {
        lock (_sync)
        {
            _inFlight = conversation;
        }
    }

    /// <summary>Holds the event when it concerns the write in flight; false when it must be posted as usual.</summary>
    public bool TryHold(DomainEvent domainEvent)
    {
        var conversation = ConversationOf(domainEvent);
        if (conversation is null)
        {
            return false;
        }

        lock (_sync)
        {
            if (_inFlight != conversation.Id)
            {
                return false;
            }

            _held.Add(domainEvent);
            return true;
        }
    }

    /// <summary>
    /// The write ended. <paramref name="applied"/> is the version of the conversation the router applied itself (null when
    /// it applied none: a refusal, a fault): held events no newer are dropped, the others posted to the dispatcher.
    /// </summary>
    public void End(long? applied)
    {
        List<DomainEvent>? toPost = null;
        lock (_sync)
        {
            _inFlight = null;
            foreach (var domainEvent in _held)
            {
                // Only events that carry a conversation are held, so ConversationOf is never null here.
                if (applied is not { } version || ConversationOf(domainEvent)!.Version > version)
                {
                    (toPost ??= []).Add(domainEvent);
                }
            }

            _held.Clear();
        }

        if (toPost is null)
        {
            return; // ("toPost ?? []" would allocate an empty list per write)
        }

        foreach (var domainEvent in toPost)
        {
            work.Post(domainEvent);
        }
    }

    /// <summary>The conversation an event carries, or null for events about something else.</summary>
    private static Conversation? ConversationOf(DomainEvent domainEvent) => domainEvent switch
    {
        ConversationStateChanged changed => changed.Conversation,
        ConversationQueued queued => queued.Conversation,
        RoomInformationChanged edited => edited.Conversation,
        _ => null,
    };
}
