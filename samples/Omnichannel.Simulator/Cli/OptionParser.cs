using System.Collections.Immutable;
using System.Globalization;
using Omnichannel.Simulator.Demand;
using Omnichannel.Simulator.Simulation;

namespace Omnichannel.Simulator.Cli;

/// <summary>
/// Turns the command line into <see cref="SimulatorOptions"/>, or throws <see cref="OptionsException"/> with a
/// message naming the option, the value and what is accepted.
/// </summary>
internal static class OptionParser
{
    /// <summary>The most conversations one run may generate (memory stays in the low gigabytes).</summary>
    public const double MaxExpectedConversations = 5_000_000;

    private static readonly ImmutableHashSet<string> Flags =
        ["--json", "--metrics", "--progress", "--no-progress", "--help", "-h"];

    private static readonly ImmutableHashSet<string> Valued =
    [
        "--scenario", "--agents", "--departments", "--department-weights", "--multi-department-share",
        "--arrivals-per-hour", "--profile", "--handle-time", "--mean-handle-seconds", "--handle-cv",
        "--concurrency", "--concurrency-slowdown", "--hold-probability", "--hold-seconds", "--forward-probability",
        "--patience-seconds", "--reaction-seconds", "--algorithm", "--hours", "--seed", "--service-level-seconds",
        "--sample-seconds", "--csv", "--plot", "--parallel", "--store", "--database",
    ];

    /// <summary>Options that contradict an M/M/c queue unless given their M/M/c value.</summary>
    private static readonly ImmutableArray<string> NotMmc =
    [
        "--departments", "--department-weights", "--multi-department-share", "--profile", "--handle-time", "--handle-cv",
        "--concurrency", "--concurrency-slowdown", "--hold-probability", "--hold-seconds", "--forward-probability",
        "--patience-seconds", "--reaction-seconds",
    ];

    /// <summary>True when the arguments ask for help.</summary>
    public static bool WantsHelp(IReadOnlyList<string> args) => args.Any(a => a is "--help" or "-h" or "/?");

    public static SimulatorOptions Parse(IReadOnlyList<string> args)
    {
        var given = Collect(args);
        var named = given.Keys.ToImmutableHashSet(StringComparer.Ordinal);
        var scenario = Take(given, "--scenario", v => v.ToUpperInvariant() switch
        {
            "DAY" => ScenarioKind.Day,
            "MMC" or "M/M/C" => ScenarioKind.Mmc,
            _ => throw Invalid("--scenario", v, "day or mmc"),
        }) ?? ScenarioKind.Day;

        var options = scenario == ScenarioKind.Mmc ? MmcDefaults() : new SimulatorOptions();
        if (scenario == ScenarioKind.Mmc)
        {
            CheckMmcCompatible(given);
        }

        options = options with
        {
            Agents = Int(given, "--agents", 1, 100_000) ?? options.Agents,
            Departments = Int(given, "--departments", 1, 100) ?? options.Departments,
            MultiDepartmentShare = Fraction(given, "--multi-department-share") ?? options.MultiDepartmentShare,
            ArrivalsPerHour = Number(given, "--arrivals-per-hour", positive: true) ?? options.ArrivalsPerHour,
            MeanHandleSeconds = Number(given, "--mean-handle-seconds", positive: true) ?? options.MeanHandleSeconds,
            HandleCv = Number(given, "--handle-cv", positive: false) ?? options.HandleCv,
            Concurrency = Int(given, "--concurrency", 1, 100) ?? options.Concurrency,
            ConcurrencySlowdown = Number(given, "--concurrency-slowdown", positive: false) ?? options.ConcurrencySlowdown,
            HoldProbability = Fraction(given, "--hold-probability") ?? options.HoldProbability,
            MeanHoldSeconds = Number(given, "--hold-seconds", positive: true) ?? options.MeanHoldSeconds,
            ForwardProbability = Fraction(given, "--forward-probability") ?? options.ForwardProbability,
            MeanReactionSeconds = Number(given, "--reaction-seconds", positive: true) ?? options.MeanReactionSeconds,
            Hours = Number(given, "--hours", positive: true) ?? options.Hours,
            Seed = Int(given, "--seed", int.MinValue, int.MaxValue) ?? options.Seed,
            ServiceLevelSeconds = Number(given, "--service-level-seconds", positive: false) ?? options.ServiceLevelSeconds,
            SampleSeconds = Number(given, "--sample-seconds", positive: true) ?? options.SampleSeconds,
            Parallelism = Int(given, "--parallel", 1, 64) ?? options.Parallelism,
            Json = Flag(given, "--json"),
            Metrics = Flag(given, "--metrics"),
            CsvDirectory = Take(given, "--csv", v => v),
            PlotFile = Take(given, "--plot", v => v),
            Store = Take(given, "--store", v => v.ToUpperInvariant() switch
            {
                "MEMORY" => StoreKind.Memory,
                "SQLITE" => StoreKind.Sqlite,
                _ => throw Invalid("--store", v, "memory or sqlite"),
            }) ?? StoreKind.Memory,
            DatabasePath = Take(given, "--database", v => v),
        };

        if (Take(given, "--patience-seconds", v => ParseNumber("--patience-seconds", v, positive: false)) is { } patience)
        {
            options = options with { MeanPatienceSeconds = patience == 0 ? null : patience };
        }

        if (Take(given, "--handle-time", ParseHandleTime) is { } handleTime)
        {
            options = options with { HandleTime = handleTime };
        }

        if (Take(given, "--profile", ParseProfile) is { } profile)
        {
            options = options with { Profile = profile.Weights, ProfileName = profile.Name };
        }

        if (Flag(given, "--progress") && Flag(given, "--no-progress"))
        {
            throw new OptionsException("--progress and --no-progress contradict each other; give one of them.");
        }

        options = options with { Progress = Flag(given, "--progress") ? true : Flag(given, "--no-progress") ? false : null };
        options = options with { Algorithms = ParseAlgorithms(given, options) };
        options = WithDepartmentWeights(given, options);
        if (options.DatabasePath is not null && options.Store != StoreKind.Sqlite)
        {
            throw new OptionsException("--database names a SQLite file; it needs --store sqlite.");
        }

        Simulation.SimulationDatabase.EnsureNew(options);

        Validate(named, options);
        return options;
    }

    private static SimulatorOptions MmcDefaults() => new()
    {
        Scenario = ScenarioKind.Mmc,
        Agents = 10,
        Departments = 1,
        DepartmentWeights = [1.0],
        MultiDepartmentShare = 0,
        ArrivalsPerHour = 160,
        Profile = ArrivalProfiles.Flat,
        ProfileName = "flat",
        HandleTime = HandleTimeKind.Exponential,
        MeanHandleSeconds = 180,
        HandleCv = 1,
        Concurrency = 1,
        ConcurrencySlowdown = 0,
        HoldProbability = 0,
        ForwardProbability = 0,
        MeanPatienceSeconds = null,
        Algorithms = AlgorithmChoice.Automatic,
        Hours = 100,
    };

    /// <summary>Groups the arguments by option; a value follows its option or is attached with '='.</summary>
    private static Dictionary<string, List<string>> Collect(IReadOnlyList<string> args)
    {
        var given = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string name;
            string? value = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                name = arg[..equals];
                value = arg[(equals + 1)..];
            }
            else
            {
                name = arg;
            }

            if (!arg.StartsWith('-'))
            {
                throw new OptionsException($"Unexpected argument '{arg}': every setting is an option such as --agents 200. Run with --help to see them.");
            }

            if (Flags.Contains(name))
            {
                if (value is not null)
                {
                    throw new OptionsException($"Option {name} takes no value; got '{value}'.");
                }

                value = string.Empty;
            }
            else if (Valued.Contains(name))
            {
                if (value is null)
                {
                    if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", StringComparison.Ordinal) && !IsNegativeNumber(args[i + 1])))
                    {
                        throw new OptionsException($"Option {name} needs a value, for example {name} {Example(name)}.");
                    }

                    value = args[++i];
                }
            }
            else
            {
                throw new OptionsException($"Unknown option '{name}'. Run with --help to see the options.");
            }

            if (!given.TryGetValue(name, out var values))
            {
                given[name] = values = [];
            }

            if (values.Count > 0 && name != "--algorithm")
            {
                throw new OptionsException($"Option {name} is given twice ('{values[0]}' and '{value}'); give it once.");
            }

            values.Add(value);
        }

        return given;
    }

    private static bool IsNegativeNumber(string text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static string Example(string option) => option switch
    {
        "--scenario" => "mmc",
        "--algorithm" => "least-busy,round-robin",
        "--profile" => "day",
        "--handle-time" => "lognormal",
        "--department-weights" => "40,30,30",
        "--csv" => "out/",
        "--plot" => "day.png",
        "--store" => "sqlite",
        "--database" => "day.db",
        _ => "10",
    };

    private static void CheckMmcCompatible(Dictionary<string, List<string>> given)
    {
        foreach (var option in NotMmc)
        {
            if (!given.TryGetValue(option, out var values))
            {
                continue;
            }

            var value = values[0];
            var harmless = option switch
            {
                "--departments" or "--concurrency" => value == "1",
                "--multi-department-share" or "--concurrency-slowdown" or "--hold-probability" or "--forward-probability" or "--patience-seconds" =>
                    double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == 0,
                "--profile" => string.Equals(value, "flat", StringComparison.OrdinalIgnoreCase),
                "--handle-time" => string.Equals(value, "exponential", StringComparison.OrdinalIgnoreCase),
                _ => false,
            };
            if (!harmless)
            {
                throw new OptionsException(
                    $"Option {option} {value} does not fit --scenario mmc, which is an M/M/c queue: Poisson arrivals, exponential handle times, " +
                    "one department, one conversation per agent, no abandonment, holds or forwards. Drop it, or use --scenario day.");
            }
        }
    }

    private static ImmutableArray<AlgorithmChoice> ParseAlgorithms(Dictionary<string, List<string>> given, SimulatorOptions options)
    {
        if (!given.Remove("--algorithm", out var values))
        {
            return options.Algorithms;
        }

        var chosen = new List<AlgorithmChoice>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase))
            {
                chosen.AddRange(options.IsMmc ? AlgorithmChoice.Automatic : AlgorithmChoice.All);
                continue;
            }

            var algorithm = AlgorithmChoice.Find(name)
                ?? throw new OptionsException($"Unknown algorithm '{name}' in --algorithm; choose from {string.Join(", ", AlgorithmChoice.All.Select(a => a.Name))}, or all.");
            if (algorithm.IsManual && options.IsMmc)
            {
                throw new OptionsException("--algorithm manual does not fit --scenario mmc: under manual selection agents take conversations after a reaction time, which an M/M/c queue does not have.");
            }

            chosen.Add(algorithm);
        }

        // In the order of the comparison table, each once.
        return [.. AlgorithmChoice.All.Where(chosen.Contains)];
    }

    private static SimulatorOptions WithDepartmentWeights(Dictionary<string, List<string>> given, SimulatorOptions options)
    {
        if (given.Remove("--department-weights", out var values) && ParseWeights("--department-weights", values[0]) is { } weights)
        {
            if (weights.Length != options.Departments)
            {
                throw new OptionsException($"--department-weights has {weights.Length} weights but there are {options.Departments} departments (--departments); give one weight per department.");
            }

            if (weights.Any(w => w <= 0))
            {
                throw new OptionsException("--department-weights must all be positive: every department receives conversations.");
            }

            return options with { DepartmentWeights = [.. weights.Select(w => w / weights.Sum())] };
        }

        return options.Departments == options.DepartmentWeights.Length ? options
            : options with { DepartmentWeights = [.. Enumerable.Repeat(1.0 / options.Departments, options.Departments)] };
    }

    private static void Validate(ImmutableHashSet<string> named, SimulatorOptions options)
    {
        if (options.Algorithms.IsEmpty)
        {
            throw new OptionsException("--algorithm names no algorithm.");
        }

        if (options.Departments > options.Agents)
        {
            throw new OptionsException($"--departments {options.Departments} is more than --agents {options.Agents}: every department needs at least one agent.");
        }

        if (options.HoldProbability + options.ForwardProbability > 1)
        {
            throw new OptionsException($"--hold-probability {options.HoldProbability} and --forward-probability {options.ForwardProbability} add up to more than 1; a conversation is held or forwarded or neither.");
        }

        if (options.Departments == 1 && options.ForwardProbability > 0 && named.Contains("--forward-probability"))
        {
            throw new OptionsException("--forward-probability needs at least two departments to forward between; use --departments 2 or more.");
        }

        if (options.HandleTime == HandleTimeKind.LogNormal && options.HandleCv <= 0)
        {
            throw new OptionsException("--handle-cv must be positive for a lognormal handle time; use --handle-time fixed for no variation.");
        }

        if (options.SampleSeconds > options.Hours * 3600)
        {
            throw new OptionsException($"--sample-seconds {options.SampleSeconds} is longer than the run ({options.Hours} hours).");
        }

        var expected = options.ArrivalsPerHour * options.Hours;
        if (expected > MaxExpectedConversations)
        {
            throw new OptionsException($"--arrivals-per-hour {options.ArrivalsPerHour} over --hours {options.Hours} is about {expected:N0} conversations; at most {MaxExpectedConversations:N0} are simulated in one run.");
        }

        if (options.PlotFile is { } plot && !plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsException($"--plot {plot}: the plot is written as PNG; give a file name ending in .png.");
        }

        if (options.CsvDirectory is { } csv && File.Exists(csv))
        {
            throw new OptionsException($"--csv {csv} is a file; give a directory (it is created when missing).");
        }

        if (options.IsMmc && options.OfferedLoad >= options.Agents)
        {
            throw new OptionsException(
                $"--scenario mmc with --arrivals-per-hour {options.ArrivalsPerHour} and --mean-handle-seconds {options.MeanHandleSeconds} offers " +
                $"{options.OfferedLoad:0.###} Erlangs to --agents {options.Agents}: at or above the number of agents the queue grows without bound " +
                "and Erlang C has no steady state. Use more agents or fewer arrivals.");
        }
    }

    private static HandleTimeKind ParseHandleTime(string value) => value.ToUpperInvariant() switch
    {
        "EXPONENTIAL" or "EXP" => HandleTimeKind.Exponential,
        "LOGNORMAL" => HandleTimeKind.LogNormal,
        "FIXED" or "DETERMINISTIC" => HandleTimeKind.Fixed,
        _ => throw Invalid("--handle-time", value, "exponential, lognormal or fixed"),
    };

    private static (ImmutableArray<double> Weights, string Name) ParseProfile(string value)
    {
        if (string.Equals(value, "day", StringComparison.OrdinalIgnoreCase))
        {
            return (ArrivalProfiles.WorkingDay, "day");
        }

        if (string.Equals(value, "flat", StringComparison.OrdinalIgnoreCase))
        {
            return (ArrivalProfiles.Flat, "flat");
        }

        var weights = ParseWeights("--profile", value);
        if (weights.Any(w => w < 0) || weights.All(w => w == 0))
        {
            throw Invalid("--profile", value, "day, flat, or comma-separated weights that are not negative and not all zero");
        }

        return (ArrivalProfiles.Normalise(weights), value);
    }

    private static double[] ParseWeights(string option, string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var weights = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out weights[i]) || !double.IsFinite(weights[i]))
            {
                throw Invalid(option, value, "comma-separated numbers such as 40,30,30");
            }
        }

        return weights;
    }

    private static T? Take<T>(Dictionary<string, List<string>> given, string option, Func<string, T> parse)
        where T : struct =>
        given.Remove(option, out var values) ? parse(values[0]) : null;

    private static string? Take(Dictionary<string, List<string>> given, string option, Func<string, string> parse) =>
        given.Remove(option, out var values) ? parse(values[0]) : null;

    private static bool Flag(Dictionary<string, List<string>> given, string option) => given.ContainsKey(option);

    private static int? Int(Dictionary<string, List<string>> given, string option, int min, int max) =>
        Take(given, option, v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw Invalid(option, v, min == int.MinValue ? "a whole number" : $"a whole number from {min} to {max}"));

    private static double? Number(Dictionary<string, List<string>> given, string option, bool positive) =>
        Take(given, option, v => ParseNumber(option, v, positive));

    private static double? Fraction(Dictionary<string, List<string>> given, string option) =>
        Take(given, option, v => ParseNumber(option, v, positive: false) is var p && p <= 1 ? p : throw Invalid(option, v, "a number from 0 to 1"));

    private static double ParseNumber(string option, string value, bool positive) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && (positive ? number > 0 : number >= 0)
            ? number
            : throw Invalid(option, value, positive ? "a number above 0" : "a number of 0 or more");

    private static OptionsException Invalid(string option, string value, string expected) =>
        new($"Option {option} has value '{value}'; expected {expected}.");
}
