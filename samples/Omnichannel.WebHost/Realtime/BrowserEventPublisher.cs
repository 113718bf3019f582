using Microsoft.AspNetCore.SignalR;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing.Events;
using Omnichannel.Storage;

namespace Omnichannel.WebHost.Realtime;

/// <summary>
/// The library's domain events, pushed to the browsers that may know about them. Agents get small notifications
/// (which conversation changed and how) and read the rest through the checked HTTP API; a visitor's page hears only
/// about its own conversation. It reads names through the stores: the library's services publish to it, so they cannot be
/// its dependencies.
/// </summary>
public sealed class BrowserEventPublisher(IHubContext<ConsoleHub> hub, IConversationStore conversations, IAgentStore agents, IContactStore contacts)
    : IDomainEventPublisher
{
    /// <inheritdoc />
    public async ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        switch (domainEvent)
        {
            case ConversationQueued queued:
                await ConversationChangedAsync(queued.Conversation, "queued", null, cancellationToken);
                break;
            case ConversationStateChanged changed:
                // A forward to another department leaves the old one: its agents must see it go.
                var left = changed.Trigger == ConversationTrigger.CompleteForwardToDepartment || changed.Trigger == ConversationTrigger.CompleteForwardToAgent
                    ? changed.Conversation.Transfers.LastOrDefault()?.FromDepartmentId : null;
                await ConversationChangedAsync(changed.Conversation, changed.To.ToString(), left, cancellationToken);
                break;
            case MessagePosted posted:
                await ConversationChangedAsync(posted.Conversation, "message", null, cancellationToken);
                break;
            case RoomInformationChanged room:
                await ConversationChangedAsync(room.Conversation, "room", null, cancellationToken);
                break;
            case ParticipantInvited invited:
                await ConversationChangedAsync(invited.Conversation, "participant", null, cancellationToken);
                break;
            case ForwardCompleted forwarded:
                await ForwardCompletedAsync(forwarded.Result, cancellationToken);
                break;
            case TypingChanged typing:
                await TypingAsync(typing, cancellationToken);
                break;
            case AgentStatusChanged status:
                await hub.Clients.Group(HubGroups.Agent(status.Agent.Id)).SendAsync("me", cancellationToken);
                break;
            case QueuePositionsChanged positions:
                foreach (var position in positions.Positions)
                {
                    await hub.Clients.Group(HubGroups.Visitor(position.ConversationId)).SendAsync("queuePosition",
                        new { position.Position, EstimatedWaitSeconds = (long)position.EstimatedWait.TotalSeconds }, cancellationToken);
                }

                await hub.Clients.Group(HubGroups.Department(positions.DepartmentId)).SendAsync("queue", cancellationToken);
                break;
        }
    }

    private async Task ConversationChangedAsync(Conversation conversation, string kind, DepartmentId? leftDepartment, CancellationToken cancellationToken)
    {
        var notice = new { ConversationId = conversation.Id.Value, Kind = kind, State = conversation.State.ToString() };
        var groups = new List<string> { HubGroups.Department(conversation.DepartmentId) };
        if (leftDepartment is { } left && left != conversation.DepartmentId)
        {
            groups.Add(HubGroups.Department(left));
        }

        foreach (var agent in new[] { conversation.ServingAgentId, conversation.PreviousAgentId }.OfType<AgentId>().Concat(conversation.Participants))
        {
            groups.Add(HubGroups.Agent(agent));
        }

        await hub.Clients.Groups(groups.Distinct(StringComparer.Ordinal).ToList()).SendAsync("conversation", notice, cancellationToken);
        await hub.Clients.Group(HubGroups.Visitor(conversation.Id)).SendAsync("changed", new { Kind = kind, State = conversation.State.ToString() }, cancellationToken);
    }

    private async Task ForwardCompletedAsync(ForwardResult result, CancellationToken cancellationToken)
    {
        var transfer = result.Conversation.Transfers[^1];
        var from = await agents.GetAsync(transfer.FromAgentId, cancellationToken);
        var notice = new
        {
            ConversationId = result.Conversation.Id.Value,
            result.Succeeded,
            result.Message,
            FromName = from?.Name ?? transfer.FromAgentId.Value,
            transfer.Comment,
        };
        await hub.Clients.Group(HubGroups.Agent(transfer.FromAgentId)).SendAsync("forwardResult", notice, cancellationToken);
        if (result.Succeeded && result.Conversation.ServingAgentId is { } target)
        {
            await hub.Clients.Group(HubGroups.Agent(target)).SendAsync("forwardedToYou", notice, cancellationToken);
        }
    }

    private async Task TypingAsync(TypingChanged typing, CancellationToken cancellationToken)
    {
        if (await conversations.GetAsync(typing.ConversationId, cancellationToken) is not { } conversation)
        {
            return;
        }

        if (typing.Actor.AgentId is { } agentId)
        {
            var agent = await agents.GetAsync(agentId, cancellationToken);
            var notice = new { ConversationId = conversation.Id.Value, Name = agent?.Name ?? agentId.Value, typing.IsTyping, From = "agent" };
            await hub.Clients.Group(HubGroups.Visitor(conversation.Id)).SendAsync("typing", notice, cancellationToken);
            await hub.Clients.Group(HubGroups.Department(conversation.DepartmentId)).SendAsync("typing", notice, cancellationToken);
        }
        else if (typing.Actor.Kind == AuthorKind.Contact)
        {
            var contact = await contacts.GetAsync(conversation.ContactId, cancellationToken);
            var notice = new { ConversationId = conversation.Id.Value, Name = contact?.Name ?? "The visitor", typing.IsTyping, From = "contact" };
            var groups = new List<string> { HubGroups.Department(conversation.DepartmentId) };
            groups.AddRange(conversation.Participants.Select(HubGroups.Agent));
            if (conversation.ServingAgentId is { } serving)
            {
                groups.Add(HubGroups.Agent(serving));
            }

            await hub.Clients.Groups(groups.Distinct(StringComparer.Ordinal).ToList()).SendAsync("typing", notice, cancellationToken);
        }
    }
}
