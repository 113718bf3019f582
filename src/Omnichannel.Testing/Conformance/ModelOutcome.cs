namespace Omnichannel.Testing.Conformance;

/// <summary>How a write ends, as the model predicts it and as the store answers it.</summary>
internal enum ModelOutcome
{
    /// <summary>Stored at the next version.</summary>
    Stored,

    /// <summary><see cref="Storage.ConcurrencyConflictException"/>.</summary>
    Conflict,

    /// <summary><see cref="Storage.CapacityExceededException"/>.</summary>
    AtCapacity,

    /// <summary><see cref="InvalidOperationException"/>: the contact already has an open conversation in the department.</summary>
    OpenConversationExists,
}
