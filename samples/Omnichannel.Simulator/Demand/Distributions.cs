namespace Omnichannel.Simulator.Demand;

/// <summary>Random draws from a seeded <see cref="Random"/> (reproducible for a seed on a given .NET version).</summary>
internal static class Distributions
{
    public static double Exponential(this Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    public static double Uniform(this Random random, double min, double max) => min + ((max - min) * random.NextDouble());

    /// <summary>A log-normal draw with the given mean and coefficient of variation.</summary>
    public static double LogNormal(this Random random, double mean, double cv)
    {
        var sigma2 = Math.Log(1 + (cv * cv));
        var mu = Math.Log(mean) - (sigma2 / 2);
        return Math.Exp(mu + (Math.Sqrt(sigma2) * random.StandardNormal()));
    }

    /// <summary>Box-Muller; one of the pair is used so each call consumes exactly two uniforms.</summary>
    public static double StandardNormal(this Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>An index drawn with the given weights (which sum to 1).</summary>
    public static int Pick(this Random random, IReadOnlyList<double> weights)
    {
        var u = random.NextDouble();
        for (var i = 0; i < weights.Count - 1; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }
}
