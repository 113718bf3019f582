namespace Omnichannel.Simulator.Cli;

/// <summary>Which kind of demand the simulator generates.</summary>
internal enum ScenarioKind
{
    /// <summary>A working day: several departments, a time-of-day profile, holds, forwards, abandonment.</summary>
    Day,

    /// <summary>An M/M/c queue: Poisson arrivals, exponential handle times, one department, one conversation per agent.</summary>
    Mmc,

    /// <summary>A working day where skills and returning contacts matter: languages with proficiencies, contacts who come back.</summary>
    Skills,
}
