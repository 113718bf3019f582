using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Simulator.Cli;

namespace Omnichannel.Simulator.Demand;

/// <summary>
/// The day's demand and staffing, drawn once from the seed: arrivals (a Poisson process whose rate follows the
/// profile), each contact's department, patience, work, hold or forward; and which departments each agent
/// serves. Every algorithm is run on this same plan, so differences come from routing alone.
/// </summary>
internal sealed class DemandPlan
{
    private DemandPlan(ImmutableArray<PlannedConversation> conversations, ImmutableArray<string> departmentNames, ImmutableArray<ImmutableArray<int>> agentDepartments, ImmutableArray<ImmutableDictionary<string, int>> agentSkills)
    {
        Conversations = conversations;
        DepartmentNames = departmentNames;
        AgentDepartments = agentDepartments;
        AgentSkills = agentSkills;
    }

    /// <summary>For each agent, their skills and proficiencies (empty outside the skills scenario).</summary>
    public ImmutableArray<ImmutableDictionary<string, int>> AgentSkills { get; }

    public ImmutableArray<PlannedConversation> Conversations { get; }

    public ImmutableArray<string> DepartmentNames { get; }

    /// <summary>For each agent, the indexes of the departments they serve (first = home department).</summary>
    public ImmutableArray<ImmutableArray<int>> AgentDepartments { get; }

    private static readonly ImmutableArray<string> DefaultNames = ["support", "sales", "billing", "technical"];

    public static DemandPlan Create(SimulatorOptions options)
    {
        // Separate streams: changing the staffing options never changes the arrivals, and the reverse.
        var demandRandom = new Random(options.Seed);
        var staffingRandom = new Random(unchecked((options.Seed * 7919) + 17));
        var names = options.Departments <= DefaultNames.Length && options.Departments > 1
            ? DefaultNames[..options.Departments]
            : [.. Enumerable.Range(1, options.Departments).Select(i => options.Departments == 1 ? "queue" : $"department-{i}")];
        var staffing = Staffing(options, staffingRandom);
        var conversations = Arrivals(options, demandRandom);
        ImmutableArray<ImmutableDictionary<string, int>> skills = [.. staffing.Select(_ => ImmutableDictionary<string, int>.Empty)];
        if (options.HasSkills)
        {
            // Streams of their own: the skills scenario's arrivals, work and staffing are the day scenario's.
            var needs = new Random(unchecked((options.Seed * 31) + 5));
            var speakers = new Random(unchecked((options.Seed * 131) + 7));
            skills = [.. staffing.Select(_ => SkillPlan.Speaks(speakers))];
            var withNeeds = new List<PlannedConversation>(conversations.Length);
            foreach (var conversation in conversations)
            {
                withNeeds.Add(WithNeeds(conversation, options, needs, withNeeds));
            }

            conversations = [.. withNeeds];
        }

        return new DemandPlan(conversations, names, staffing, skills);
    }

    private static PlannedConversation WithNeeds(PlannedConversation conversation, SimulatorOptions options, Random random, List<PlannedConversation> before)
    {
        var (skill, level) = SkillPlan.Need(random);
        var returns = random.NextDouble() < options.ReturningShare && conversation.Index > 0;
        var earlier = random.Next(Math.Max(1, conversation.Index));
        if (!returns)
        {
            return conversation with { Skill = skill, SkillLevel = level };
        }

        // A returning contact writes to the department they wrote to before, in the same language.
        var previous = before[earlier];
        return conversation with { Department = previous.Department, Skill = previous.Skill, SkillLevel = level, ReturnOf = earlier };
    }

    private static ImmutableArray<PlannedConversation> Arrivals(SimulatorOptions options, Random random)
    {
        var total = options.Hours * 3600;
        var slices = options.Profile.Length;
        var sliceLength = total / slices;
        var meanRate = options.ArrivalsPerHour / 3600;
        var conversations = ImmutableArray.CreateBuilder<PlannedConversation>((int)Math.Min(OptionBinder.MaxExpectedConversations, options.ArrivalsPerHour * options.Hours * 1.1));
        for (var slice = 0; slice < slices; slice++)
        {
            var rate = meanRate * options.Profile[slice];
            if (rate <= 0)
            {
                continue;
            }

            // Exponential gaps are memoryless, so restarting the draw at each slice boundary is exact.
            var end = (slice + 1) * sliceLength;
            for (var t = (slice * sliceLength) + random.Exponential(1 / rate); t < end; t += random.Exponential(1 / rate))
            {
                conversations.Add(Conversation(options, random, conversations.Count, t));
            }
        }

        return conversations.ToImmutable();
    }

    private static PlannedConversation Conversation(SimulatorOptions options, Random random, int index, double arrivalSeconds)
    {
        // Always the same number of draws per conversation, so one option does not shift every later draw.
        var department = random.Pick(options.DepartmentWeights);
        var patience = random.Exponential(options.MeanPatienceSeconds ?? 1);
        var work = HandleSeconds(options, random);
        var laterWork = HandleSeconds(options, random);
        var what = random.NextDouble();
        var split = random.NextDouble();
        var hold = random.Exponential(options.MeanHoldSeconds);
        var target = random.Next(Math.Max(1, options.Departments - 1));

        ImmutableArray<WorkSegment> segments;
        if (what < options.HoldProbability)
        {
            // Held somewhere in the middle of the work: between 30 % and 70 % of it.
            var before = work * (0.3 + (0.4 * split));
            segments = [new(Seconds(before), SegmentEnd.Hold, HoldFor: Seconds(hold)), new(Seconds(work - before), SegmentEnd.Close)];
        }
        else if (what < options.HoldProbability + options.ForwardProbability && options.Departments > 1)
        {
            // Forwarded after 20 % to 50 % of the work; the other department then does a full piece of work of its own.
            var before = work * (0.2 + (0.3 * split));
            segments = [new(Seconds(before), SegmentEnd.Forward, ForwardTo: target >= department ? target + 1 : target), new(Seconds(laterWork), SegmentEnd.Close)];
        }
        else
        {
            segments = [new(Seconds(work), SegmentEnd.Close)];
        }

        return new PlannedConversation(index, Seconds(arrivalSeconds), department, options.MeanPatienceSeconds is null ? null : Seconds(patience), segments);
    }

    private static double HandleSeconds(SimulatorOptions options, Random random)
    {
        var exponential = random.Exponential(options.MeanHandleSeconds);
        var logNormal = random.LogNormal(options.MeanHandleSeconds, Math.Max(options.HandleCv, 1e-9));
        return options.HandleTime switch
        {
            HandleTimeKind.Exponential => exponential,
            HandleTimeKind.LogNormal => logNormal,
            _ => options.MeanHandleSeconds,
        };
    }

    private static Duration Seconds(double seconds) => Duration.FromNanoseconds(Math.Round(seconds * 1e9));

    /// <summary>Agents per department in proportion to the weights (largest remainder, at least one each); some also serve a second one.</summary>
    private static ImmutableArray<ImmutableArray<int>> Staffing(SimulatorOptions options, Random random)
    {
        var weights = options.DepartmentWeights;
        var counts = weights.Select(w => Math.Max(1, (int)Math.Floor(w * options.Agents))).ToArray();
        var byRemainder = Enumerable.Range(0, counts.Length).OrderByDescending(d => (weights[d] * options.Agents) - Math.Floor(weights[d] * options.Agents)).ThenBy(d => d).ToArray();
        for (var i = 0; counts.Sum() < options.Agents; i++)
        {
            counts[byRemainder[i % counts.Length]]++;
        }

        for (var d = 0; counts.Sum() > options.Agents; d = (d + 1) % counts.Length)
        {
            if (counts[d] > 1)
            {
                counts[d]--;
            }
        }

        var agents = ImmutableArray.CreateBuilder<ImmutableArray<int>>(options.Agents);
        for (var home = 0; home < counts.Length; home++)
        {
            for (var i = 0; i < counts[home]; i++)
            {
                var second = random.Pick(Without(weights, home));
                var multi = random.NextDouble() < options.MultiDepartmentShare && counts.Length > 1;
                agents.Add(multi ? [home, second] : [home]);
            }
        }

        return agents.MoveToImmutable();
    }

    /// <summary>The weights with one department's set to zero and the rest scaled to sum to 1.</summary>
    private static double[] Without(ImmutableArray<double> weights, int excluded)
    {
        var rest = 1 - weights[excluded];
        return [.. weights.Select((w, i) => i == excluded || rest <= 0 ? 0 : w / rest)];
    }
}
