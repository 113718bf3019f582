using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>What the model says an operation answers: success or the refusal's code, a forward's failure, and for a contact's message which conversation (new or not) it went to.</summary>
internal sealed record ExpectedOutcome(OperationErrorCode? Error, ForwardFailureReason? ForwardFailure = null, int? Conversation = null, bool Created = false)
{
    public static readonly ExpectedOutcome Success = new(Error: null);

    public static ExpectedOutcome Refused(OperationErrorCode code) => new(code);

    public override string ToString() =>
        Error is { } error ? $"refused {error}"
        : ForwardFailure is { } failure ? $"forward failed {failure}"
        : Conversation is { } index ? (Created ? $"created #{index}" : $"appended to #{index}")
        : "ok";
}
