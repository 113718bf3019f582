using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace Omnichannel.Simulator.Cli;

/// <summary>--help prints <see cref="HelpText"/>: options grouped by topic, with defaults and the M/M/c differences.</summary>
internal sealed class HelpTextProvider : IHelpProvider
{
    public IEnumerable<IRenderable> Write(ICommandModel model, ICommandInfo? command) => [new Text(HelpText.Text + Environment.NewLine)];
}
