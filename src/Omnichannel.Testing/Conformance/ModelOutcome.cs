namespace Omnichannel.Testing.Conformance;

/// <summary>How a write ends, as the model predicts it and as the store answers it.</summary>
internal enum ModelOutcome
{
    /// <summary>Stored at the next version.</summary>
    Stored,

    /// <summary><see cref="Omnichannel.Storage.ConcurrencyConflictException"/>.</summary>
    Conflict,

    /// <summary><see cref="Capacity.CapacityExceededException"/>.</summary>
    AtCapacity,
}
