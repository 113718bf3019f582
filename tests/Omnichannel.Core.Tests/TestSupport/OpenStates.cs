using Omnichannel.Conversations;

namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>Every state but Closed, for store queries of open conversations.</summary>
public static class OpenStates
{
    public static readonly IReadOnlyCollection<ConversationState> All =
        [.. Enum.GetValues<ConversationState>().Where(s => s != ConversationState.Closed)];
}
