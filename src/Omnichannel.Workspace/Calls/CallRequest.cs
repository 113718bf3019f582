namespace Omnichannel.Workspace.Calls;

/// <summary>What a call provider needs to set up a call for a conversation.</summary>
/// <param name="ConversationId">The conversation the call belongs to.</param>
/// <param name="AgentId">The agent starting it.</param>
/// <param name="AgentName">The agent's display name, for the call app.</param>
/// <param name="ContactId">The contact called.</param>
/// <param name="ContactName">The contact's name, when known.</param>
/// <param name="Media">Video or audio only.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CallRequest(ConversationId ConversationId, AgentId AgentId, string AgentName, ContactId ContactId, string? ContactName, CallMedia Media);
