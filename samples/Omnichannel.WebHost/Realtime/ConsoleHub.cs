using Microsoft.AspNetCore.SignalR;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.WebHost.Security;

namespace Omnichannel.WebHost.Realtime;

/// <summary>
/// The one hub of the host. It pushes notifications ("conversation X changed", typing, queue positions); pages then
/// read through the HTTP API, where every read is checked. Groups are joined from the server's knowledge only: a
/// signed-in agent joins their own group and their departments' groups; a visitor joins their conversation's group by
/// presenting its token. Typing goes through the library, which refuses an actor not in the conversation.
/// </summary>
public sealed class ConsoleHub(IAgentService agents, IConversationService conversations, VisitorTokens tokens) : Hub
{
    /// <inheritdoc />
    public override async Task OnConnectedAsync()
    {
        if (AgentIdentity.Of(Context.User) is { } id && await agents.GetAsync(id, Context.ConnectionAborted) is { } agent)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Agent(agent.Id), Context.ConnectionAborted);
            foreach (var department in agent.Departments)
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Department(department), Context.ConnectionAborted);
            }
        }

        await base.OnConnectedAsync();
    }

    /// <summary>A visitor's page follows its conversation.</summary>
    /// <param name="token">The token the host gave the visitor when the conversation started.</param>
    /// <returns>Nothing; a bad token is refused with a <see cref="HubException"/>.</returns>
    public async Task FollowVisitorConversation(string token)
    {
        var visitor = tokens.Read(token) ?? throw new HubException("This chat link is not valid any more. Start a new chat.");
        await Groups.AddToGroupAsync(Context.ConnectionId, HubGroups.Visitor(visitor.ConversationId), Context.ConnectionAborted);
    }

    /// <summary>The visitor starts or stops typing.</summary>
    /// <param name="token">The visitor's token.</param>
    /// <param name="isTyping">Typing or not.</param>
    /// <returns>The library's refusal, or null.</returns>
    public async Task<string?> VisitorTyping(string token, bool isTyping)
    {
        if (tokens.Read(token) is not { } visitor)
        {
            return "This chat link is not valid any more.";
        }

        var result = await conversations.SetTypingAsync(visitor.ConversationId, Actor.Contact(visitor.ContactId), isTyping, Context.ConnectionAborted);
        return result.Error?.Message;
    }

    /// <summary>The signed-in agent starts or stops typing in a conversation.</summary>
    /// <param name="conversationId">The conversation.</param>
    /// <param name="isTyping">Typing or not.</param>
    /// <returns>The library's refusal, or null.</returns>
    public async Task<string?> AgentTyping(string conversationId, bool isTyping)
    {
        if (AgentIdentity.Of(Context.User) is not { } agent)
        {
            return "Sign in first.";
        }

        if (Ids.Conversation(conversationId) is not { } conversation)
        {
            return "No such conversation.";
        }

        var result = await conversations.SetTypingAsync(conversation, Actor.Agent(agent), isTyping, Context.ConnectionAborted);
        return result.Error?.Message;
    }
}
