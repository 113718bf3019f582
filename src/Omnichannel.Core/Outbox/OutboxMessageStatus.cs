namespace Omnichannel.Outbox;

/// <summary>Where an outbox message is in its delivery.</summary>
public enum OutboxMessageStatus
{
    /// <summary>Waiting to be delivered (first try or retry), at or after <see cref="OutboxMessage.DueAt"/>.</summary>
    Pending = 0,

    /// <summary>Delivered; kept for history.</summary>
    Delivered = 1,

    /// <summary>Given up after the last retry; the requester was told.</summary>
    Failed = 2,
}
