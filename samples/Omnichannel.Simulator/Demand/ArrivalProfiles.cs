using System.Collections.Immutable;

namespace Omnichannel.Simulator.Demand;

/// <summary>Named time-of-day shapes of the arrival rate.</summary>
internal static class ArrivalProfiles
{
    /// <summary>A chat center's day in eight slices: a morning ramp, a late-morning peak, a lunch dip, an afternoon peak, an evening taper.</summary>
    public static ImmutableArray<double> WorkingDay { get; } = [0.6, 0.95, 1.3, 1.2, 0.85, 1.15, 1.1, 0.85];

    /// <summary>A constant rate.</summary>
    public static ImmutableArray<double> Flat { get; } = [1.0];

    /// <summary>Scales weights to mean 1 so that the mean rate stays the one asked for.</summary>
    public static ImmutableArray<double> Normalise(IReadOnlyList<double> weights)
    {
        var mean = weights.Average();
        return [.. weights.Select(w => w / mean)];
    }
}
