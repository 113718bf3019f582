namespace Omnichannel.Simulator.Metrics;

/// <summary>The few statistics the report needs.</summary>
internal static class Statistics
{
    /// <summary>The p-quantile of sorted values, interpolating linearly between closest ranks (Hyndman-Fan type 7, as spreadsheets do).</summary>
    public static double? Quantile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }

        var position = p * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    public static double? Mean(IReadOnlyCollection<double> values) => values.Count == 0 ? null : values.Average();

    /// <summary>The sample standard deviation (n - 1); null for fewer than two values.</summary>
    public static double? StandardDeviation(IReadOnlyCollection<double> values)
    {
        if (values.Count < 2)
        {
            return null;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// The standard error of a time average by the method of batch means: the run is cut into equal batches of
    /// arrival time, each batch's mean is one observation, and the spread of those (nearly independent when a
    /// batch is much longer than the queue's memory) estimates the estimator's spread. Null with under two batches.
    /// </summary>
    public static double? BatchMeansStandardError(IReadOnlyList<double> batchMeans) =>
        StandardDeviation(batchMeans) is { } sd ? sd / Math.Sqrt(batchMeans.Count) : null;
}
