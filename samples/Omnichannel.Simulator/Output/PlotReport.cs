using Omnichannel.Simulator.Metrics;
using ScottPlot;

namespace Omnichannel.Simulator.Output;

/// <summary>The --plot output: queue length (top) and waiting times (bottom) over the run, one line per algorithm.</summary>
internal static class PlotReport
{
    public static void Write(string path, IReadOnlyList<AlgorithmResult> results, double arrivalHours)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var queue = multiplot.GetPlot(0);
        var waits = multiplot.GetPlot(1);
        foreach (var result in results)
        {
            var hours = result.Series.Select(p => p.Minute / 60).ToArray();
            var queueLine = queue.Add.ScatterLine(hours, result.Series.Select(p => (double)p.QueuedMax).ToArray());
            queueLine.LegendText = result.Algorithm;
            queueLine.LineWidth = 1.5f;

            // Minutes where nobody was answered have no wait: drawn as gaps rather than as zero.
            var waitLine = waits.Add.ScatterLine(hours, result.Series.Select(p => p.WaitMeanSeconds ?? double.NaN).ToArray());
            waitLine.LegendText = result.Algorithm;
            waitLine.LineWidth = 1.5f;
        }

        queue.Title("Queue length (most queued in each sample interval, all departments)");
        queue.YLabel("conversations queued");
        queue.XLabel("hours since the start");
        queue.ShowLegend(Alignment.UpperRight);
        waits.Title("Waiting time (mean wait of the conversations answered in each interval)");
        waits.YLabel("seconds");
        waits.XLabel("hours since the start");
        waits.ShowLegend(Alignment.UpperRight);
        foreach (var plot in new[] { queue, waits })
        {
            var marker = plot.Add.VerticalLine(arrivalHours);
            marker.LinePattern = LinePattern.Dashed;
            marker.Color = Colors.Gray;
            marker.LabelText = "end of arrivals";
            marker.LabelOppositeAxis = true;
            plot.Axes.Margins(bottom: 0);
        }

        multiplot.SavePng(path, 1400, 1000);
    }
}
