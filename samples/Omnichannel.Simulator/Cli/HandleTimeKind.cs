namespace Omnichannel.Simulator.Cli;

/// <summary>The distribution of the work an agent spends on a conversation.</summary>
internal enum HandleTimeKind
{
    /// <summary>Exponential with the given mean (coefficient of variation 1).</summary>
    Exponential,

    /// <summary>Log-normal with the given mean and coefficient of variation.</summary>
    LogNormal,

    /// <summary>Always exactly the mean.</summary>
    Fixed,
}
