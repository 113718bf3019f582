using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;

namespace Omnichannel.Routing.Algorithms;

/// <summary>The queued conversation a routing algorithm chooses an agent for.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="DepartmentId">Its department.</param>
/// <param name="ContactId">Its contact.</param>
/// <param name="Priority">Its priority.</param>
/// <param name="QueuedAt">When it entered the queue.</param>
/// <param name="PreferredAgents">Agents to prefer when eligible, best first: the contact's manager, then the agent who last served the contact.</param>
/// <param name="RequiredSkills">Skills it needs (empty for none).</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct RoutingRequest(
    ConversationId ConversationId,
    DepartmentId DepartmentId,
    ContactId ContactId,
    ConversationPriority Priority,
    Instant QueuedAt,
    ImmutableArray<AgentId> PreferredAgents,
    ImmutableArray<SkillRequirement> RequiredSkills);
