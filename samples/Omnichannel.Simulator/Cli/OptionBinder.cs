using System.Collections.Immutable;
using System.Globalization;
using Omnichannel.Simulator.Demand;
using Omnichannel.Simulator.Simulation;

namespace Omnichannel.Simulator.Cli;

/// <summary>
/// Turns the parsed command line (<see cref="SimulateSettings"/>) into <see cref="SimulatorOptions"/>, or throws
/// <see cref="OptionsException"/> with a message naming the option, the value and what is accepted. Spectre.Console.Cli
/// parses (names, values, types); this checks ranges and combinations, and fills what was not given from the defaults.
/// </summary>
internal static class OptionBinder
{
    /// <summary>The most conversations one run may generate (memory stays in the low gigabytes).</summary>
    public const double MaxExpectedConversations = 5_000_000;

    /// <summary>The M/M/c defaults, where they differ from <see cref="SimulatorOptions"/>'s (the day's).</summary>
    private static readonly SimulatorOptions MmcDefaults = new()
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

    /// <summary>The skills scenario's defaults, where they differ from the day's.</summary>
    private static readonly SimulatorOptions SkillsDefaults = new()
    {
        Scenario = ScenarioKind.Skills,
        ReturningShare = 0.3,
        Algorithms = AlgorithmChoice.WithSkills,
    };

    /// <summary>The options that take a value, with their templates ("--agents &lt;N&gt;"), read from <see cref="SimulateSettings"/>.</summary>
    private static readonly Dictionary<string, string> Valued = typeof(SimulateSettings).GetProperties()
        .Select(p => p.GetCustomAttributes(typeof(Spectre.Console.Cli.CommandOptionAttribute), false).OfType<Spectre.Console.Cli.CommandOptionAttribute>().FirstOrDefault())
        .Where(a => a is not null && a.ValueName is not null)
        .ToDictionary(a => "--" + a!.LongNames[0], a => $"--{a!.LongNames[0]} <{a.ValueName}>", StringComparer.Ordinal);

    /// <summary>
    /// What Spectre.Console.Cli lets through or words poorly: an option given more than once (Spectre would keep the last;
    /// only --algorithm may repeat), and an option that needs a value given without one.
    /// </summary>
    public static void CheckShape(IReadOnlyList<string> args)
    {
        for (var i = 0; i < args.Count; i++)
        {
            if (Valued.TryGetValue(args[i], out var template) && (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                throw new OptionsException($"Option {args[i]} needs a value: {template}.");
            }
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg == "--algorithm" || arg.StartsWith("--algorithm=", StringComparison.Ordinal))
            {
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            var value = equals > 0 ? arg[(equals + 1)..] : i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : "";
            if (!seen.TryAdd(name, value))
            {
                throw new OptionsException($"Option {name} is given twice ('{seen[name]}' and '{value}'); give it once.");
            }
        }
    }

    public static SimulatorOptions Bind(SimulateSettings s)
    {
        var scenario = s.Scenario is { } kind ? kind.ToUpperInvariant() switch
        {
            "DAY" => ScenarioKind.Day,
            "MMC" or "M/M/C" => ScenarioKind.Mmc,
            "SKILLS" => ScenarioKind.Skills,
            _ => throw Invalid("--scenario", kind, "day, mmc or skills"),
        } : ScenarioKind.Day;

        var defaults = scenario switch
        {
            ScenarioKind.Mmc => MmcDefaults,
            ScenarioKind.Skills => SkillsDefaults,
            _ => new SimulatorOptions(),
        };
        if (scenario == ScenarioKind.Mmc)
        {
            CheckMmcCompatible(s);
        }

        var options = defaults with
        {
            Agents = Int("--agents", s.Agents, 1, 100_000) ?? defaults.Agents,
            Departments = Int("--departments", s.Departments, 1, 100) ?? defaults.Departments,
            MultiDepartmentShare = Fraction("--multi-department-share", s.MultiDepartmentShare) ?? defaults.MultiDepartmentShare,
            ArrivalsPerHour = Number("--arrivals-per-hour", s.ArrivalsPerHour, positive: true) ?? defaults.ArrivalsPerHour,
            MeanHandleSeconds = Number("--mean-handle-seconds", s.MeanHandleSeconds, positive: true) ?? defaults.MeanHandleSeconds,
            HandleCv = Number("--handle-cv", s.HandleCv, positive: false) ?? defaults.HandleCv,
            Concurrency = Int("--concurrency", s.Concurrency, 1, 100) ?? defaults.Concurrency,
            ConcurrencySlowdown = Number("--concurrency-slowdown", s.ConcurrencySlowdown, positive: false) ?? defaults.ConcurrencySlowdown,
            HoldProbability = Fraction("--hold-probability", s.HoldProbability) ?? defaults.HoldProbability,
            MeanHoldSeconds = Number("--hold-seconds", s.HoldSeconds, positive: true) ?? defaults.MeanHoldSeconds,
            ForwardProbability = Fraction("--forward-probability", s.ForwardProbability) ?? defaults.ForwardProbability,
            ReturningShare = Fraction("--returning-share", s.ReturningShare) ?? defaults.ReturningShare,
            MeanReactionSeconds = Number("--reaction-seconds", s.ReactionSeconds, positive: true) ?? defaults.MeanReactionSeconds,
            Hours = Number("--hours", s.Hours, positive: true) ?? defaults.Hours,
            Seed = Int("--seed", s.Seed, int.MinValue, int.MaxValue) ?? defaults.Seed,
            ServiceLevelSeconds = Number("--service-level-seconds", s.ServiceLevelSeconds, positive: false) ?? defaults.ServiceLevelSeconds,
            SampleSeconds = Number("--sample-seconds", s.SampleSeconds, positive: true) ?? defaults.SampleSeconds,
            Parallelism = Int("--parallel", s.Parallel, 1, 64) ?? defaults.Parallelism,
            Json = s.Json,
            Metrics = s.Metrics,
            CsvDirectory = s.Csv,
            PlotFile = s.Plot,
            Store = s.Store is { } store ? store.ToUpperInvariant() switch
            {
                "MEMORY" => StoreKind.Memory,
                "SQLITE" => StoreKind.Sqlite,
                _ => throw Invalid("--store", store, "memory or sqlite"),
            } : defaults.Store,
            DatabasePath = s.Database,
        };

        if (Number("--patience-seconds", s.PatienceSeconds, positive: false) is { } patience)
        {
            options = options with { MeanPatienceSeconds = patience == 0 ? null : patience };
        }

        if (s.HandleTime is { } handleTime)
        {
            options = options with { HandleTime = ParseHandleTime(handleTime) };
        }

        if (s.Profile is { } profileText)
        {
            var profile = ParseProfile(profileText);
            options = options with { Profile = profile.Weights, ProfileName = profile.Name };
        }

        if (s is { Progress: true, NoProgress: true })
        {
            throw new OptionsException("--progress and --no-progress contradict each other; give one of them.");
        }

        options = options with { Progress = s.Progress ? true : s.NoProgress ? false : null };
        options = options with { Algorithms = ParseAlgorithms(s.Algorithm, options) };
        options = WithDepartmentWeights(s.DepartmentWeights, options);
        if (options.DatabasePath is not null && options.Store != StoreKind.Sqlite)
        {
            throw new OptionsException("--database names a SQLite file; it needs --store sqlite.");
        }

        SimulationDatabase.EnsureNew(options);
        Validate(s, options);
        return options;
    }

    private static void CheckMmcCompatible(SimulateSettings s)
    {
        static bool IsZero(string? value) => value is null || (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == 0);

        (string Option, object? Value, bool Harmless)[] checks =
        [
            ("--departments", s.Departments, s.Departments is null or "1"),
            ("--department-weights", s.DepartmentWeights, s.DepartmentWeights is null),
            ("--multi-department-share", s.MultiDepartmentShare, IsZero(s.MultiDepartmentShare)),
            ("--profile", s.Profile, s.Profile is null || string.Equals(s.Profile, "flat", StringComparison.OrdinalIgnoreCase)),
            ("--handle-time", s.HandleTime, s.HandleTime is null || string.Equals(s.HandleTime, "exponential", StringComparison.OrdinalIgnoreCase)),
            ("--handle-cv", s.HandleCv, s.HandleCv is null),
            ("--concurrency", s.Concurrency, s.Concurrency is null or "1"),
            ("--concurrency-slowdown", s.ConcurrencySlowdown, IsZero(s.ConcurrencySlowdown)),
            ("--hold-probability", s.HoldProbability, IsZero(s.HoldProbability)),
            ("--hold-seconds", s.HoldSeconds, s.HoldSeconds is null),
            ("--forward-probability", s.ForwardProbability, IsZero(s.ForwardProbability)),
            ("--reaction-seconds", s.ReactionSeconds, s.ReactionSeconds is null),
            ("--returning-share", s.ReturningShare, IsZero(s.ReturningShare)),
        ];
        foreach (var (option, value, harmless) in checks)
        {
            if (!harmless)
            {
                throw new OptionsException(string.Create(CultureInfo.InvariantCulture,
                    $"Option {option} {value} does not fit --scenario mmc, which is an M/M/c queue: Poisson arrivals, exponential handle times, " +
                    $"one department, one conversation per agent, no holds or forwards (--patience-seconds makes it M/M/c+M). Drop it, or use --scenario day."));
            }
        }
    }

    private static ImmutableArray<AlgorithmChoice> ParseAlgorithms(string[]? values, SimulatorOptions options)
    {
        if (values is null)
        {
            return options.Algorithms;
        }

        var chosen = new List<AlgorithmChoice>();
        foreach (var name in values.SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)))
        {
            if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase))
            {
                chosen.AddRange(options.Scenario switch
                {
                    ScenarioKind.Mmc => AlgorithmChoice.Automatic,
                    ScenarioKind.Skills => AlgorithmChoice.Every,
                    _ => AlgorithmChoice.All,
                });
                continue;
            }

            var algorithm = AlgorithmChoice.Find(name)
                ?? throw new OptionsException($"Unknown algorithm '{name}' in --algorithm; choose from {string.Join(", ", AlgorithmChoice.Every.Select(a => a.Name))}, or all.");
            if (algorithm.IsManual && options.IsMmc)
            {
                throw new OptionsException("--algorithm manual does not fit --scenario mmc: under manual selection agents take conversations after a reaction time, which an M/M/c queue does not have.");
            }

            chosen.Add(algorithm);
        }

        // In the order of the comparison table, each once.
        return [.. AlgorithmChoice.Every.Where(chosen.Contains)];
    }

    private static SimulatorOptions WithDepartmentWeights(string? text, SimulatorOptions options)
    {
        if (text is not null)
        {
            var weights = ParseWeights("--department-weights", text);
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

    private static void Validate(SimulateSettings s, SimulatorOptions options)
    {
        if (options.Algorithms.IsEmpty)
        {
            throw new OptionsException("--algorithm names no algorithm.");
        }

        if (!options.HasSkills && options.Algorithms.FirstOrDefault(a => a.UsesSkills) is { } skills)
        {
            throw new OptionsException($"--algorithm {skills.Name} needs conversations that require skills: use --scenario skills.");
        }

        if (options.ReturningShare > 0 && !options.HasSkills)
        {
            throw new OptionsException("--returning-share needs --scenario skills (the day scenario's contacts write once).");
        }

        if (options.Departments > options.Agents)
        {
            throw new OptionsException($"--departments {options.Departments} is more than --agents {options.Agents}: every department needs at least one agent.");
        }

        if (options.HoldProbability + options.ForwardProbability > 1)
        {
            throw new OptionsException(string.Create(CultureInfo.InvariantCulture,
                $"--hold-probability {options.HoldProbability} and --forward-probability {options.ForwardProbability} add up to more than 1; a conversation is held or forwarded or neither."));
        }

        if (options.Departments == 1 && options.ForwardProbability > 0 && s.ForwardProbability is not null)
        {
            throw new OptionsException("--forward-probability needs at least two departments to forward between; use --departments 2 or more.");
        }

        if (options.HandleTime == HandleTimeKind.LogNormal && options.HandleCv <= 0)
        {
            throw new OptionsException("--handle-cv must be positive for a lognormal handle time; use --handle-time fixed for no variation.");
        }

        if (options.SampleSeconds > options.Hours * 3600)
        {
            throw new OptionsException(string.Create(CultureInfo.InvariantCulture, $"--sample-seconds {options.SampleSeconds} is longer than the run ({options.Hours} hours)."));
        }

        var expected = options.ArrivalsPerHour * options.Hours;
        if (expected > MaxExpectedConversations)
        {
            throw new OptionsException(string.Create(CultureInfo.InvariantCulture,
                $"--arrivals-per-hour {options.ArrivalsPerHour} over --hours {options.Hours} is about {expected:N0} conversations; at most {MaxExpectedConversations:N0} are simulated in one run."));
        }

        if (options.PlotFile is { } plot && !plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            throw new OptionsException($"--plot {plot}: the plot is written as PNG; give a file name ending in .png.");
        }

        if (options.CsvDirectory is { } csv && File.Exists(csv))
        {
            throw new OptionsException($"--csv {csv} is a file; give a directory (it is created when missing).");
        }

        if (options is { IsMmc: true, MeanPatienceSeconds: null } && options.OfferedLoad >= options.Agents)
        {
            throw new OptionsException(string.Create(CultureInfo.InvariantCulture,
                $"--scenario mmc with --arrivals-per-hour {options.ArrivalsPerHour} and --mean-handle-seconds {options.MeanHandleSeconds} offers " +
                $"{options.OfferedLoad:0.###} Erlangs to --agents {options.Agents}: at or above the number of agents the queue grows without bound " +
                $"and Erlang C has no steady state. Use more agents or fewer arrivals, or give --patience-seconds (M/M/c+M is stable at any load)."));
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

    private static int? Int(string option, string? value, int min, int max) =>
        value is null ? null
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw Invalid(option, value, min == int.MinValue ? "a whole number" : $"a whole number from {min} to {max}");

    private static double? Number(string option, string? value, bool positive) =>
        value is null ? null
        : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && (positive ? n > 0 : n >= 0) ? n
        : throw Invalid(option, value, positive ? "a number above 0" : "a number of 0 or more");

    private static double? Fraction(string option, string? value) =>
        Number(option, value, positive: false) is not { } p ? null
        : p <= 1 ? p
        : throw Invalid(option, value!, "a number from 0 to 1");

    private static OptionsException Invalid(string option, string value, string expected) =>
        new($"Option {option} has value '{value}'; expected {expected}.");
}
