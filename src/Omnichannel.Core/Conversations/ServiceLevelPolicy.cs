using NodaTime;

namespace Omnichannel.Conversations;

/// <summary>
/// A service-level (SLA) policy the host configures (<see cref="DependencyInjection.OmnichannelOptions.ServiceLevelPolicies"/>):
/// a conversation under it is due <see cref="DueAfter"/> after it arrived, and the queue serves earlier due times first
/// among conversations of the same priority.
/// </summary>
/// <param name="Name">The policy's name, unique ignoring letter case (for example "VIP 5 minutes").</param>
/// <param name="DueAfter">How long after arrival the conversation is due; positive.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record ServiceLevelPolicy(string Name, Duration DueAfter);
