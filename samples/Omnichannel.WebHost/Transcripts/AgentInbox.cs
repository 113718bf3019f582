using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.SignalR;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.WebHost.Realtime;

namespace Omnichannel.WebHost.Transcripts;

/// <summary>
/// Direct messages from the system bot: the PDF transcripts agents asked for and notices of deliveries that failed.
/// This is the host's <see cref="ITranscriptDirectMessageSender"/>; the console lists the signed-in agent's messages and
/// downloads their files. Kept in memory in this sample (a product would store them with its chat messages).
/// </summary>
public sealed class AgentInbox(IHubContext<ConsoleHub> hub, IClock clock) : ITranscriptDirectMessageSender
{
    private readonly ConcurrentDictionary<string, InboxMessage> _messages = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public async ValueTask SendAsync(TranscriptDirectMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var stored = new InboxMessage(
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            message.Recipient,
            message.Kind,
            message.Text,
            message.ConversationId,
            message.Attachment,
            clock.GetCurrentInstant());
        _messages[stored.Id] = stored;
        if (message.Recipient.AgentId is { } agent)
        {
            await hub.Clients.Group(HubGroups.Agent(agent)).SendAsync("inbox", cancellationToken);
        }
        else if (message.Recipient.Kind == AuthorKind.Contact)
        {
            await hub.Clients.Group(HubGroups.Visitor(message.ConversationId)).SendAsync("changed", new { Kind = "notice" }, cancellationToken);
        }
    }

    /// <summary>The messages sent to a recipient, newest first.</summary>
    public IReadOnlyList<InboxMessage> For(Actor recipient) =>
        [.. _messages.Values.Where(m => m.Recipient == recipient).OrderByDescending(m => m.ReceivedAt)];

    /// <summary>One message, only when it was sent to this recipient.</summary>
    public InboxMessage? Get(string id, Actor recipient) =>
        _messages.TryGetValue(id, out var message) && message.Recipient == recipient ? message : null;
}

/// <summary>A direct message as kept by <see cref="AgentInbox"/>.</summary>
public sealed record InboxMessage(
    string Id,
    Actor Recipient,
    TranscriptDirectMessageKind Kind,
    string Text,
    ConversationId ConversationId,
    TranscriptFile? File,
    Instant ReceivedAt);
