namespace Omnichannel.Storage;

/// <summary>
/// An entity stored with optimistic concurrency: every write names the version it read, and the store
/// refuses the write with <see cref="ConcurrencyConflictException"/> when another write came first.
/// </summary>
/// <typeparam name="TSelf">The entity type.</typeparam>
/// <remarks>Implementations are immutable records, so they are thread-safe.</remarks>
public interface IVersioned<out TSelf>
{
    /// <summary>The stored version: 0 for an entity never stored, then 1, 2, ... one per write.</summary>
    long Version { get; }

    /// <summary>Returns a copy of this entity carrying <paramref name="version"/>; stores call it on every write.</summary>
    /// <param name="version">The new version.</param>
    TSelf WithVersion(long version);
}
