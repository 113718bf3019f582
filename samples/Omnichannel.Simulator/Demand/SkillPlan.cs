using System.Collections.Immutable;

namespace Omnichannel.Simulator.Demand;

/// <summary>
/// The skills scenario's languages: what conversations need (a language at a proficiency) and what agents speak, drawn
/// from streams of their own so that the day's arrivals, work and staffing stay those of the day scenario.
/// </summary>
internal static class SkillPlan
{
    public static readonly ImmutableArray<string> Names = ["english", "spanish", "german"];

    /// <summary>Share of conversations needing each language.</summary>
    private static readonly double[] Demand = [0.6, 0.25, 0.15];

    /// <summary>Share of conversations needing proficiency 1, 2, 3.</summary>
    private static readonly double[] Levels = [0.5, 0.35, 0.15];

    /// <summary>Share of agents speaking each language at all (every agent speaks English).</summary>
    private static readonly double[] Speakers = [1.0, 0.35, 0.25];

    /// <summary>How much faster a returning contact is served by the agent who served them before (they know the case).</summary>
    public const double KnownContactFactor = 0.7;

    public static (int Skill, int Level) Need(Random random) => (random.Pick(Demand), 1 + random.Pick(Levels));

    /// <summary>An agent's proficiencies: each language they speak at 1 to 3 (uniform).</summary>
    public static ImmutableDictionary<string, int> Speaks(Random random)
    {
        var skills = ImmutableDictionary.CreateBuilder<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Names.Length; i++)
        {
            var speaks = random.NextDouble() < Speakers[i];
            var level = 1 + random.Next(3);
            if (speaks)
            {
                skills[Names[i]] = level;
            }
        }

        return skills.ToImmutable();
    }

    /// <summary>
    /// How an agent's proficiency changes the work: 10 % faster per level above the need, 50 % slower per level below it,
    /// twice as long without the language at all (someone else translates).
    /// </summary>
    public static double WorkFactor(ImmutableDictionary<string, int> agentSkills, int skill, int level) =>
        !agentSkills.TryGetValue(Names[skill], out var has) ? 2.0
        : has >= level ? 1 - (0.1 * (has - level))
        : 1 + (0.5 * (level - has));
}
