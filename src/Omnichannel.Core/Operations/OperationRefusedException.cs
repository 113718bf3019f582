namespace Omnichannel.Operations;

/// <summary>Thrown by <see cref="OperationResult{T}.GetValueOrThrow"/> for callers who prefer exceptions to results.</summary>
/// <remarks>Instances are not shared between threads by the library.</remarks>
public sealed class OperationRefusedException : Exception
{
    /// <summary>Creates the exception from a refusal.</summary>
    /// <param name="error">The refusal.</param>
    public OperationRefusedException(OperationError error)
        : base(error?.Message) => Error = error;

    /// <summary>Creates the exception.</summary>
    public OperationRefusedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public OperationRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public OperationRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The refusal; null when created from a plain message.</summary>
    public OperationError? Error { get; }
}
