namespace Omnichannel.Routing.Algorithms;

/// <summary>A skill a conversation needs, at a minimum proficiency level (compared with <see cref="Agents.Agent.Skills"/>).</summary>
/// <param name="Skill">The skill's name, for example "spanish".</param>
/// <param name="Level">The minimum proficiency, 1 or more.</param>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct SkillRequirement(string Skill, int Level);
