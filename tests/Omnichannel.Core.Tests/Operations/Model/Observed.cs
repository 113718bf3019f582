using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>What the service answered to one step of a generated sequence.</summary>
internal sealed record Observed(OperationError? Error, ForwardFailureReason? ForwardFailure = null, ConversationId? Conversation = null)
{
    public static Observed From(OperationResult result) => new(result.Error);

    public static Observed From(OperationResult<Conversation> result) => new(result.Error, Conversation: result.Value?.Id);

    public static Observed From(OperationResult<ForwardResult> result) => new(result.Error, result.Value?.FailureReason);
}
