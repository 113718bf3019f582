using Spectre.Console.Cli;

namespace Omnichannel.Simulator.Cli;

/// <summary>The simulator's one command: binds the parsed options and runs the simulation with the app's writers.</summary>
internal sealed class SimulateCommand : AsyncCommand<SimulateSettings>
{
    public override Task<int> ExecuteAsync(CommandContext context, SimulateSettings settings, CancellationToken cancellationToken)
    {
        var io = (SimulatorIo)context.Data!;
        return SimulatorApp.RunAsync(OptionBinder.Bind(settings), io, cancellationToken);
    }
}

/// <summary>Where a run writes, and whether they are terminals.</summary>
/// <param name="Stdout">Results (the table, or JSON with --json).</param>
/// <param name="Stderr">Errors, warnings, progress and files written.</param>
/// <param name="Interactive">True when stdout and stderr are terminals.</param>
internal sealed record SimulatorIo(TextWriter Stdout, TextWriter Stderr, bool Interactive);
