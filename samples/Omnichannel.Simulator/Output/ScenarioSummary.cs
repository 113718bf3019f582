using System.Collections.Immutable;
using System.Globalization;
using Omnichannel.Simulator.Cli;
using Omnichannel.Simulator.Demand;

namespace Omnichannel.Simulator.Output;

/// <summary>The scenario as run: the options that shape it and what the plan drew from them (the "scenario" object of --json).</summary>
internal sealed record ScenarioSummary
{
    public required string Kind { get; init; }

    public required int Seed { get; init; }

    public required double Hours { get; init; }

    public required int Agents { get; init; }

    public required ImmutableArray<DepartmentSummary> Departments { get; init; }

    public required double ArrivalsPerHour { get; init; }

    public required string Profile { get; init; }

    public required int PlannedConversations { get; init; }

    public required string HandleTime { get; init; }

    public required double MeanHandleSeconds { get; init; }

    public required double? HandleCv { get; init; }

    public required int Concurrency { get; init; }

    public required double ConcurrencySlowdown { get; init; }

    public required double HoldProbability { get; init; }

    public required double ForwardProbability { get; init; }

    public required double? MeanPatienceSeconds { get; init; }

    public required double ServiceLevelSeconds { get; init; }

    public static ScenarioSummary From(SimulatorOptions options, DemandPlan plan) => new()
    {
        Kind = options.Scenario switch { ScenarioKind.Mmc => "mmc", ScenarioKind.Skills => "skills", _ => "day" },
        Seed = options.Seed,
        Hours = options.Hours,
        Agents = options.Agents,
        Departments = [.. plan.DepartmentNames.Select((name, d) => new DepartmentSummary(
            name,
            plan.AgentDepartments.Count(a => a[0] == d),
            plan.AgentDepartments.Count(a => a.Length > 1 && a[1] == d),
            plan.Conversations.Count(c => c.Department == d)))],
        ArrivalsPerHour = options.ArrivalsPerHour,
        Profile = options.ProfileName,
        PlannedConversations = plan.Conversations.Length,
        HandleTime = options.HandleTime switch { HandleTimeKind.Exponential => "exponential", HandleTimeKind.LogNormal => "lognormal", _ => "fixed" },
        MeanHandleSeconds = options.MeanHandleSeconds,
        HandleCv = options.HandleTime == HandleTimeKind.LogNormal ? options.HandleCv : null,
        Concurrency = options.Concurrency,
        ConcurrencySlowdown = options.ConcurrencySlowdown,
        HoldProbability = options.HoldProbability,
        ForwardProbability = options.Departments > 1 ? options.ForwardProbability : 0,
        MeanPatienceSeconds = options.MeanPatienceSeconds,
        ServiceLevelSeconds = options.ServiceLevelSeconds,
    };

    /// <summary>One paragraph for people.</summary>
    public string Describe()
    {
        var c = CultureInfo.InvariantCulture;
        var departments = string.Join(", ", Departments.Select(d => string.Create(c, $"{d.Name} {d.HomeAgents}{(d.SecondAgents > 0 ? $"+{d.SecondAgents}" : "")}")));
        var handle = HandleCv is { } cv ? string.Create(c, $"{HandleTime} (mean {MeanHandleSeconds:0.#} s, cv {cv:0.##})") : string.Create(c, $"{HandleTime} (mean {MeanHandleSeconds:0.#} s)");
        var patience = MeanPatienceSeconds is { } p ? string.Create(c, $"patience {p:0.#} s") : "no abandonment";
        return string.Create(c,
            $"{Kind} scenario, seed {Seed}: {Hours:0.##} h, {PlannedConversations:N0} conversations ({ArrivalsPerHour:0.#}/h, {Profile} profile), " +
            $"{Agents} agents ({departments}; +n = also serve it), concurrency {Concurrency}, slowdown {ConcurrencySlowdown:0.##}, handle time {handle}, " +
            $"hold {HoldProbability:0.##}, forward {ForwardProbability:0.##}, {patience}.");
    }
}

/// <summary>A department of the scenario.</summary>
/// <param name="Name">Its name (and id).</param>
/// <param name="HomeAgents">Agents whose first department it is.</param>
/// <param name="SecondAgents">Agents of other departments who also serve it.</param>
/// <param name="PlannedConversations">Conversations addressed to it.</param>
internal sealed record DepartmentSummary(string Name, int HomeAgents, int SecondAgents, int PlannedConversations);
