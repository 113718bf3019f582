using System.Globalization;
using Omnichannel.Simulator.Metrics;
using Spectre.Console;

namespace Omnichannel.Simulator.Output;

/// <summary>The comparison table: one row per metric, one column per algorithm (and Erlang C's or Erlang A's prediction for M/M/c).</summary>
internal static class ConsoleReport
{
    public static void Write(IAnsiConsole console, ScenarioSummary scenario, IReadOnlyList<AlgorithmResult> results, bool interactive)
    {
        console.WriteLine(scenario.Describe());
        console.WriteLine();
        var erlang = results.Select(r => r.ErlangC).FirstOrDefault(e => e is not null);
        var erlangA = results.Select(r => r.ErlangA).FirstOrDefault(e => e is not null);
        var table = new Table().Border(interactive ? TableBorder.Rounded : TableBorder.Markdown);
        table.AddColumn(new TableColumn("metric"));
        foreach (var result in results)
        {
            table.AddColumn(new TableColumn(Markup.Escape(result.Algorithm)).RightAligned());
        }

        if (erlang is not null || erlangA is not null)
        {
            table.AddColumn(new TableColumn(erlang is not null ? "Erlang C" : "Erlang A").RightAligned());
        }

        var threshold = Format(results[0].ServiceLevelThresholdSeconds, "0.#");
        Row(table, "conversations", results, r => Count(r.Conversations));
        Row(table, "answered", results, r => Count(r.Answered));
        Row(table, "abandoned", results, r => $"{Count(r.Abandoned)} ({Percent(r.Conversations == 0 ? 0 : (double)r.Abandoned / r.Conversations)})", erlang is not null ? "0" : erlangA is null ? null : Percent(erlangA.ProbabilityOfAbandon));
        Row(table, "wait mean (s)", results, r => Seconds(r.WaitMeanSeconds), erlang is null ? null : Seconds(erlang.WaitMeanSeconds));
        if (erlang is not null)
        {
            Row(table, "  ± std. error (batch means)", results, r => Seconds(r.WaitMeanStdErrorSeconds));
        }

        Row(table, "wait mean, all arrivals (s)", results, r => Seconds(r.WaitMeanAllSeconds), erlang is not null ? Seconds(erlang.WaitMeanSeconds) : erlangA is null ? null : Seconds(erlangA.WaitMeanAllSeconds));
        Row(table, "wait p50 (s)", results, r => Seconds(r.WaitP50Seconds));
        Row(table, "wait p90 (s)", results, r => Seconds(r.WaitP90Seconds));
        Row(table, "wait p99 (s)", results, r => Seconds(r.WaitP99Seconds));
        Row(table, "probability of waiting", results, r => Percent(r.ProbabilityOfWait), erlang is null ? null : Percent(erlang.ProbabilityOfWait));
        if (erlang is not null)
        {
            Row(table, "  ± std. error (batch means)", results, r => Percent(r.ProbabilityOfWaitStdError));
        }

        Row(table, $"service level (≤ {threshold} s)", results, r => Percent(r.ServiceLevel), erlang is null ? null : Percent(erlang.ServiceLevel));
        if (results[0].ServiceLevelBySkill is { } skills)
        {
            foreach (var skill in skills.Keys)
            {
                Row(table, $"  service level, {skill}", results, r => Percent(r.ServiceLevelBySkill?.GetValueOrDefault(skill)));
            }

            Row(table, "returning contacts", results, r => Count(r.ReturningConversations ?? 0));
            Row(table, "  served by their previous agent", results, r => Percent(r.FirstContactAgentReuse));
        }

        Row(table, "handle time mean (s)", results, r => Seconds(r.HandleTimeMeanSeconds));
        Row(table, "utilization", results, r => Percent(r.Utilization), erlang is null ? null : Percent(erlang.Utilization));
        Row(table, "fairness: conv./agent CV", results, r => Format(r.FairnessCv, "0.000"));
        Row(table, "conversations per agent", results, r => $"{r.ConversationsPerAgentMin}–{r.ConversationsPerAgentMax}");
        Row(table, "longest queue", results, r => Count(r.LongestQueue));
        Row(table, "transfers (failed)", results, r => $"{Count(r.Transfers)} ({Count(r.FailedTransfers)})");
        if (results.Any(r => r.Unfinished > 0 || r.UnexpectedRefusals > 0))
        {
            Row(table, "unfinished", results, r => Count(r.Unfinished));
            Row(table, "unexpected refusals", results, r => Count(r.UnexpectedRefusals));
        }

        Row(table, "simulated hours", results, r => Format(r.SimulatedHours, "0.00"));
        Row(table, "wall time (s)", results, r => Format(r.Elapsed.TotalSeconds, "0.00"));
        console.Write(table);
        console.WriteLine();
    }

    private static void Row(Table table, string metric, IReadOnlyList<AlgorithmResult> results, Func<AlgorithmResult, string> cell, string? erlangCell = null)
    {
        var cells = new List<string> { Markup.Escape(metric) };
        cells.AddRange(results.Select(r => Markup.Escape(cell(r))));
        if (table.Columns.Count > results.Count + 1)
        {
            cells.Add(Markup.Escape(erlangCell ?? ""));
        }

        table.AddRow([.. cells]);
    }

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(double? value) => value is { } v ? Format(v, "0.0") : "–";

    private static string Percent(double? value) => value is { } v ? Format(v * 100, "0.0") + " %" : "–";

    private static string Format(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
