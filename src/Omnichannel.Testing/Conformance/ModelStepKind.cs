namespace Omnichannel.Testing.Conformance;

/// <summary>What one step of a model-based run does to the store.</summary>
internal enum ModelStepKind
{
    /// <summary>A contact's message: <c>CreateOrGetOpenAsync</c>.</summary>
    Open,

    /// <summary>An agent serves the conversation, with a capacity claim (and maybe an outbox job).</summary>
    Take,

    /// <summary>The serving agent puts it on hold.</summary>
    Hold,

    /// <summary>The serving agent forwards it (still theirs until the forward ends).</summary>
    Forward,

    /// <summary>Back to the queue, served by nobody.</summary>
    Requeue,

    /// <summary>Closed (maybe with an outbox job).</summary>
    Close,

    /// <summary>Moved to another department.</summary>
    Move,

    /// <summary>A write naming an outdated version.</summary>
    Stale,

    /// <summary><c>CountServedAsync</c>.</summary>
    Count,

    /// <summary><c>QueryAsync</c>.</summary>
    Query,
}
