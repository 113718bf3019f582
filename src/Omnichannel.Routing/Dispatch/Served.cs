using Omnichannel.Conversations;

namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// An open conversation an agent serves, as the router last saw it: enough to undo its load when it changes.
/// <paramref name="Counted"/> is <see cref="Conversation.OccupiesServingAgent"/>, the capacity rule's count.
/// </summary>
internal readonly record struct Served(AgentId AgentId, DepartmentId DepartmentId, ConversationState State, string Channel, bool Counted);
