namespace Omnichannel.Storage;

/// <summary>
/// A write named a version that is no longer the stored one: someone else wrote first. Read again and retry;
/// the library's operations do so themselves.
/// </summary>
/// <remarks>Instances are not shared between threads by the library.</remarks>
public sealed class ConcurrencyConflictException : Exception
{
    /// <summary>Creates the exception for an entity.</summary>
    /// <param name="entity">What was written, for example "conversation 'c-1'".</param>
    /// <param name="expectedVersion">The version the writer read.</param>
    /// <param name="actualVersion">The version stored now (0 when absent).</param>
    public ConcurrencyConflictException(string entity, long expectedVersion, long actualVersion)
        : base($"Cannot save {entity}: it was read at version {expectedVersion} but is now at version {actualVersion}; someone else changed it. Read it again and retry.")
    {
        Entity = entity;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ConcurrencyConflictException()
        : this("an entity", 0, 0)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public ConcurrencyConflictException(string message)
        : base(message)
    {
        Entity = string.Empty;
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
        Entity = string.Empty;
    }

    /// <summary>What was written, for example "conversation 'c-1'".</summary>
    public string Entity { get; }

    /// <summary>The version the writer read.</summary>
    public long ExpectedVersion { get; }

    /// <summary>The version stored now (0 when absent).</summary>
    public long ActualVersion { get; }
}
