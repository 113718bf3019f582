using Spectre.Console.Cli;

namespace Omnichannel.Simulator.Cli;

/// <summary>
/// The command line as Spectre.Console.Cli parses it (names, flags, which options take a value; numbers stay text so
/// that <see cref="OptionBinder"/> can say which option has a bad value and what it accepts). Every value is nullable: null means "not given", and
/// <see cref="OptionBinder"/> takes the default from <see cref="SimulatorOptions"/> (or its M/M/c defaults), where every
/// default is written once. The help text is <see cref="HelpText"/>.
/// </summary>
internal sealed class SimulateSettings : CommandSettings
{
    [CommandOption("--scenario <KIND>")]
    public string? Scenario { get; init; }

    [CommandOption("--hours <T>")]
    public string? Hours { get; init; }

    [CommandOption("--seed <S>")]
    public string? Seed { get; init; }

    [CommandOption("--arrivals-per-hour <L>")]
    public string? ArrivalsPerHour { get; init; }

    [CommandOption("--profile <PROFILE>")]
    public string? Profile { get; init; }

    [CommandOption("--handle-time <KIND>")]
    public string? HandleTime { get; init; }

    [CommandOption("--mean-handle-seconds <H>")]
    public string? MeanHandleSeconds { get; init; }

    [CommandOption("--handle-cv <X>")]
    public string? HandleCv { get; init; }

    [CommandOption("--patience-seconds <P>")]
    public string? PatienceSeconds { get; init; }

    [CommandOption("--hold-probability <P>")]
    public string? HoldProbability { get; init; }

    [CommandOption("--hold-seconds <S>")]
    public string? HoldSeconds { get; init; }

    [CommandOption("--forward-probability <P>")]
    public string? ForwardProbability { get; init; }

    [CommandOption("--returning-share <P>")]
    public string? ReturningShare { get; init; }

    [CommandOption("--agents <N>")]
    public string? Agents { get; init; }

    [CommandOption("--departments <N>")]
    public string? Departments { get; init; }

    [CommandOption("--department-weights <W>")]
    public string? DepartmentWeights { get; init; }

    [CommandOption("--multi-department-share <P>")]
    public string? MultiDepartmentShare { get; init; }

    [CommandOption("--concurrency <N>")]
    public string? Concurrency { get; init; }

    [CommandOption("--concurrency-slowdown <X>")]
    public string? ConcurrencySlowdown { get; init; }

    [CommandOption("--reaction-seconds <R>")]
    public string? ReactionSeconds { get; init; }

    [CommandOption("--algorithm <A>")]
    public string[]? Algorithm { get; init; }

    [CommandOption("--service-level-seconds <S>")]
    public string? ServiceLevelSeconds { get; init; }

    [CommandOption("--json")]
    public bool Json { get; init; }

    [CommandOption("--metrics")]
    public bool Metrics { get; init; }

    [CommandOption("--csv <DIR>")]
    public string? Csv { get; init; }

    [CommandOption("--plot <FILE>")]
    public string? Plot { get; init; }

    [CommandOption("--store <KIND>")]
    public string? Store { get; init; }

    [CommandOption("--database <FILE>")]
    public string? Database { get; init; }

    [CommandOption("--sample-seconds <S>")]
    public string? SampleSeconds { get; init; }

    [CommandOption("--progress")]
    public bool Progress { get; init; }

    [CommandOption("--no-progress")]
    public bool NoProgress { get; init; }

    [CommandOption("--parallel <N>")]
    public string? Parallel { get; init; }
}
