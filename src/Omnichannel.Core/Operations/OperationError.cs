namespace Omnichannel.Operations;

/// <summary>Why an operation was refused, with a message a person can act on.</summary>
/// <param name="Code">The kind of refusal, for code to branch on.</param>
/// <param name="Message">The explanation: which conversation, which agent, which rule.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record OperationError(OperationErrorCode Code, string Message)
{
    /// <summary>For an <see cref="OperationErrorCode.Offline"/> refusal, the department's offline message to show the contact; null otherwise or when it has none.</summary>
    public string? OfflineMessage { get; init; }

    /// <summary>Returns the message.</summary>
    public override string ToString() => $"{Code}: {Message}";
}
