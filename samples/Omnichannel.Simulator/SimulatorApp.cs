using System.Globalization;
using Omnichannel.Simulator.Cli;
using Omnichannel.Simulator.Demand;
using Omnichannel.Simulator.Metrics;
using Omnichannel.Simulator.Output;
using Omnichannel.Simulator.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Omnichannel.Simulator;

/// <summary>The command: parse the options, draw the plan, run every algorithm on it, report.</summary>
internal static class SimulatorApp
{
    public const int Success = 0;
    public const int SimulationFailed = 1;
    public const int BadOptions = 2;

    /// <summary>Runs with progress on stderr worth showing above this many simulated conversations (all algorithms together).</summary>
    private const int LongRun = 40_000;

    /// <summary>Runs the simulator: Spectre.Console.Cli parses the command line, <see cref="SimulateCommand"/> runs it.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="stdout">Results (the table, or JSON with --json), and the help.</param>
    /// <param name="stderr">Errors, warnings, progress and files written.</param>
    /// <param name="interactive">True when stdout and stderr are terminals (live progress, rounded table borders).</param>
    /// <param name="cancellationToken">Stops the runs.</param>
    /// <returns>The exit code: 0, 1 when a simulation failed, 2 for bad options.</returns>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, bool interactive, CancellationToken cancellationToken = default)
    {
        var app = new CommandApp<SimulateCommand>().WithData(new SimulatorIo(stdout, stderr, interactive));
        app.Configure(config =>
        {
            config.SetApplicationName("dotnet run --project samples/Omnichannel.Simulator --");
            config.ConfigureConsole(Console(stdout, interactive: false));
            config.SetHelpProvider(new HelpTextProvider());
            config.UseStrictParsing();
            config.PropagateExceptions();
        });

        try
        {
            OptionBinder.CheckShape(args);
            // "/?" asked for help before; Spectre knows -h and --help.
            return await app.RunAsync(args.Select(a => a == "/?" ? "--help" : a), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OptionsException or CommandAppException)
        {
            await stderr.WriteLineAsync($"error: {exception.Message}").ConfigureAwait(false);
            await stderr.WriteLineAsync("Run with --help to see every option.").ConfigureAwait(false);
            return BadOptions;
        }
    }

    /// <summary>Runs the simulation the options describe and reports it.</summary>
    internal static async Task<int> RunAsync(SimulatorOptions options, SimulatorIo io, CancellationToken cancellationToken)
    {
        var (stdout, stderr, interactive) = io;
        var plan = DemandPlan.Create(options);
        var scenario = ScenarioSummary.From(options, plan);
        var errors = Console(stderr, interactive);
        IReadOnlyList<AlgorithmResult> results;
        using var telemetry = options.Metrics ? SimulatorTelemetry.Start() : null;
        try
        {
            results = await RunAllAsync(options, plan, errors, stderr, interactive, cancellationToken).ConfigureAwait(false);
            telemetry?.Dispose(); // flushes: the metric summary is printed now, before the report
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await stderr.WriteLineAsync("cancelled: no results.").ConfigureAwait(false);
            return SimulationFailed;
        }
        catch (Exception exception)
        {
            await stderr.WriteLineAsync($"error: the simulation failed: {exception}").ConfigureAwait(false);
            return SimulationFailed;
        }

        if (options.Json)
        {
            await stdout.WriteLineAsync(JsonReport.Format(scenario, results)).ConfigureAwait(false);
        }
        else
        {
            ConsoleReport.Write(Console(stdout, interactive), scenario, results, interactive);
        }

        foreach (var result in results.Where(r => r.Unfinished > 0 || r.UnexpectedRefusals > 0))
        {
            await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"warning: {result.Algorithm}: {result.Unfinished} conversations unfinished, {result.UnexpectedRefusals} unexpected refusals; first: {string.Join(" | ", result.RefusalSamples)}")).ConfigureAwait(false);
        }

        try
        {
            if (options.CsvDirectory is { } directory)
            {
                foreach (var file in CsvReport.Write(directory, results))
                {
                    await stderr.WriteLineAsync($"wrote {file}").ConfigureAwait(false);
                }
            }

            if (options.PlotFile is { } plot)
            {
                PlotReport.Write(plot, results, options.Hours);
                await stderr.WriteLineAsync($"wrote {plot}").ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"error: could not write the output: {exception.Message}").ConfigureAwait(false);
            return SimulationFailed;
        }

        return Success;
    }

    /// <summary>Runs the algorithms, several at once (each has its own container and virtual clock), results in table order.</summary>
    private static async Task<IReadOnlyList<AlgorithmResult>> RunAllAsync(SimulatorOptions options, DemandPlan plan, IAnsiConsole errors, TextWriter stderr, bool interactive, CancellationToken cancellationToken)
    {
        var show = options.Progress ?? (plan.Conversations.Length * options.Algorithms.Length > LongRun);
        using var slots = new SemaphoreSlim(options.Parallelism);

        async Task<AlgorithmResult> RunOneAsync(AlgorithmChoice algorithm, Action<double>? progress)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // Off the caller's thread, so that algorithms run in parallel.
                return await Task.Run(() => SimulationRun.RunAsync(options, plan, algorithm, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        if (show && interactive)
        {
            AlgorithmResult[] results = [];
            await errors.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var tasks = options.Algorithms.Select(a => (Algorithm: a, Task: context.AddTask(a.Name, maxValue: 1))).ToList();
                    results = await Task.WhenAll(tasks.Select(t => RunOneAsync(t.Algorithm, p => t.Task.Value = p))).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return results;
        }

        using var report = new SemaphoreSlim(1);
        return await Task.WhenAll(options.Algorithms.Select(async algorithm =>
        {
            var result = await RunOneAsync(algorithm, null).ConfigureAwait(false);
            if (show)
            {
                // Not a terminal: one line per finished algorithm instead of live bars.
                await report.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await stderr.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{algorithm.Name}: {result.Conversations:N0} conversations simulated in {result.Elapsed.TotalSeconds:0.00} s")).ConfigureAwait(false);
                }
                finally
                {
                    report.Release();
                }
            }

            return result;
        })).ConfigureAwait(false);
    }

    private static IAnsiConsole Console(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected output has no width; a wide table must not wrap at 80 columns.
            console.Profile.Width = 200;
        }

        return console;
    }
}
