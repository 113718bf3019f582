using System.Diagnostics.CodeAnalysis;

namespace Omnichannel.Operations;

/// <summary>The outcome of an operation that produces a value on success.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <remarks>This type is immutable and thread-safe when <typeparamref name="T"/> is.</remarks>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types", Justification = "OperationResult<Conversation>.Ok(...) reads better than a factory elsewhere.")]
public sealed class OperationResult<T> : OperationResult
    where T : class
{
    private OperationResult(T? value, OperationError? error)
        : base(error) => Value = value;

    /// <summary>The value; null when refused.</summary>
    public T? Value { get; }

    /// <summary>Why the operation was refused; null on success.</summary>
    public new OperationError? Error => base.Error;

    /// <summary>True when the operation succeeded (and <see cref="Value"/> is set).</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Error))]
    public new bool Succeeded => base.Error is null;

    /// <summary>A successful result.</summary>
    /// <param name="value">The value produced.</param>
    public static OperationResult<T> Ok(T value) => new(value ?? throw new ArgumentNullException(nameof(value)), null);

    /// <summary>A refused result.</summary>
    /// <param name="code">The kind of refusal.</param>
    /// <param name="message">The explanation.</param>
    public static new OperationResult<T> Failure(OperationErrorCode code, string message) => new(null, new OperationError(code, message));

    /// <summary>A refused result carrying an existing error.</summary>
    /// <param name="error">The error.</param>
    public static OperationResult<T> Failure(OperationError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    /// <summary>Returns the value, or throws <see cref="OperationRefusedException"/> with the error's message.</summary>
    /// <exception cref="OperationRefusedException">The operation was refused.</exception>
    public T GetValueOrThrow() => Succeeded ? Value : throw new OperationRefusedException(Error!);
}
