using Omnichannel.Conversations;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>
/// What the model keeps of a conversation: contact, department, state, serving agent, and who wrote the last
/// contact, agent or bot message (system messages do not count).
/// </summary>
internal sealed record ModelConversation(ContactId Contact, DepartmentId Department, ConversationState State, AgentId? Serving, AuthorKind? LastAuthor)
{
    public bool IsOpen => State != ConversationState.Closed;

    public override string ToString() => $"{Contact}@{Department}:{State}{(Serving is { } a ? $"/{a}" : "")}";
}
