using System.Diagnostics.CodeAnalysis;

namespace Omnichannel.Operations;

/// <summary>
/// The outcome of an operation: success, or an <see cref="OperationError"/>. Refusals the caller can expect
/// (a conversation already taken, an agent at capacity) are results, not exceptions; exceptions mean a bug or
/// a failing store.
/// </summary>
/// <remarks>This type is immutable and thread-safe.</remarks>
public class OperationResult
{
    /// <summary>Creates a result.</summary>
    /// <param name="error">The refusal, or null for success.</param>
    protected OperationResult(OperationError? error) => Error = error;

    /// <summary>A successful result without a value.</summary>
    public static OperationResult Success { get; } = new(null);

    /// <summary>True when the operation succeeded.</summary>
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Error is null;

    /// <summary>Why the operation was refused; null on success.</summary>
    public OperationError? Error { get; }

    /// <summary>A refused result.</summary>
    /// <param name="code">The kind of refusal.</param>
    /// <param name="message">The explanation.</param>
    public static OperationResult Failure(OperationErrorCode code, string message) => new(new OperationError(code, message));

    /// <summary>"Succeeded" or the error.</summary>
    public override string ToString() => Error?.ToString() ?? "Succeeded";
}
