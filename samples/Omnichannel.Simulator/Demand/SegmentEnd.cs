namespace Omnichannel.Simulator.Demand;

/// <summary>What the serving agent does when a piece of work on a conversation is done.</summary>
internal enum SegmentEnd
{
    /// <summary>Closes the conversation.</summary>
    Close,

    /// <summary>Writes to the contact and places the conversation on hold; the contact writes again later.</summary>
    Hold,

    /// <summary>Forwards the conversation to another department's queue.</summary>
    Forward,
}
