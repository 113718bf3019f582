using Omnichannel.Conversations;

namespace Omnichannel.Testing.Faults;

/// <summary>The calls of <see cref="IConversationStore"/> a <see cref="FaultInjectingConversationStore"/> can make fail.</summary>
public enum ConversationStoreOperation
{
    /// <summary><see cref="IConversationStore.GetAsync"/>.</summary>
    Get = 0,

    /// <summary><see cref="IConversationStore.CreateOrGetOpenAsync"/>.</summary>
    CreateOrGetOpen = 1,

    /// <summary><see cref="IConversationStore.SaveAsync"/>.</summary>
    Save = 2,

    /// <summary><see cref="IConversationStore.QueryAsync"/>.</summary>
    Query = 3,

    /// <summary><see cref="IConversationStore.CountServedAsync"/>.</summary>
    CountServed = 4,

    /// <summary><see cref="IConversationStore.ReadMessagesAsync"/>.</summary>
    ReadMessages = 5,
}
