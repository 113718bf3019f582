using System.Collections.Immutable;
using Omnichannel.Simulator.Demand;
using Omnichannel.Simulator.Simulation;

namespace Omnichannel.Simulator.Cli;

/// <summary>Everything a simulation run needs, as parsed and checked from the command line (see <see cref="HelpText"/>).</summary>
internal sealed record SimulatorOptions
{
    public ScenarioKind Scenario { get; init; } = ScenarioKind.Day;

    public int Agents { get; init; } = 260;

    public int Departments { get; init; } = 4;

    /// <summary>Share of arrivals (and of agents) per department; sums to 1.</summary>
    public ImmutableArray<double> DepartmentWeights { get; init; } = [0.4, 0.25, 0.2, 0.15];

    /// <summary>Share of agents who also serve a second department.</summary>
    public double MultiDepartmentShare { get; init; } = 0.2;

    /// <summary>Mean arrivals per hour over the whole run (the profile shapes them within it).</summary>
    public double ArrivalsPerHour { get; init; } = 6000;

    /// <summary>Relative arrival rate per equal slice of the run, normalised to mean 1.</summary>
    public ImmutableArray<double> Profile { get; init; } = ArrivalProfiles.WorkingDay;

    public string ProfileName { get; init; } = "day";

    public HandleTimeKind HandleTime { get; init; } = HandleTimeKind.LogNormal;

    public double MeanHandleSeconds { get; init; } = 300;

    public double HandleCv { get; init; } = 0.8;

    /// <summary>Agent.MaxSimultaneousConversations of every agent.</summary>
    public int Concurrency { get; init; } = 3;

    /// <summary>How much longer work takes per other conversation the agent serves when it starts (0.2 = 20 % each).</summary>
    public double ConcurrencySlowdown { get; init; } = 0.2;

    public double HoldProbability { get; init; } = 0.1;

    public double MeanHoldSeconds { get; init; } = 60;

    public double ForwardProbability { get; init; } = 0.05;

    /// <summary>Mean patience in the queue (exponential); null when contacts never abandon.</summary>
    public double? MeanPatienceSeconds { get; init; } = 180;

    /// <summary>Mean reaction time of an agent taking from the queue under manual selection (exponential).</summary>
    public double MeanReactionSeconds { get; init; } = 10;

    public ImmutableArray<AlgorithmChoice> Algorithms { get; init; } = AlgorithmChoice.All;

    public double Hours { get; init; } = 8;

    public int Seed { get; init; } = 42;

    public double ServiceLevelSeconds { get; init; } = 20;

    public double SampleSeconds { get; init; } = 60;

    public bool Json { get; init; }

    /// <summary>--metrics: export the library's metrics (meter "Omnichannel") to the console with OpenTelemetry when the runs end.</summary>
    public bool Metrics { get; init; }

    public string? CsvDirectory { get; init; }

    public string? PlotFile { get; init; }

    /// <summary>Where the library stores conversations: in memory (the default) or in a SQLite file.</summary>
    public StoreKind Store { get; init; } = StoreKind.Memory;

    /// <summary>The SQLite file (one per algorithm, named after it); a temporary file, deleted after the run, when null.</summary>
    public string? DatabasePath { get; init; }

    /// <summary>Show progress on stderr: null = when the run is long enough to need it.</summary>
    public bool? Progress { get; init; }

    /// <summary>How many algorithms simulate at once (each in its own container and virtual clock).</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Share of arrivals who are contacts that came before (skills scenario; 0 elsewhere).</summary>
    public double ReturningShare { get; init; }

    public bool IsMmc => Scenario == ScenarioKind.Mmc;

    /// <summary>True when conversations need skills and agents have proficiencies (the skills scenario).</summary>
    public bool HasSkills => Scenario == ScenarioKind.Skills;

    /// <summary>Offered load in Erlangs (arrival rate x mean handle time).</summary>
    public double OfferedLoad => ArrivalsPerHour * MeanHandleSeconds / 3600;
}
