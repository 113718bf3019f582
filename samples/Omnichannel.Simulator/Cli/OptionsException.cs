namespace Omnichannel.Simulator.Cli;

/// <summary>The command line cannot be run as given; the message says which option and why.</summary>
internal sealed class OptionsException(string message) : Exception(message);
