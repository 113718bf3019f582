using System.Globalization;
using System.Text;
using Omnichannel.Simulator.Metrics;

namespace Omnichannel.Simulator.Output;

/// <summary>The --csv output: <c>timeseries-ALGORITHM.csv</c> per algorithm and <c>summary.csv</c>, invariant culture.</summary>
internal static class CsvReport
{
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<AlgorithmResult> results)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        foreach (var result in results)
        {
            var text = new StringBuilder("minute,queued,queuedMax,arrivals,answered,waitMeanSeconds,abandoned,occupiedSlots,utilization\n");
            foreach (var p in result.Series)
            {
                text.Append(CultureInfo.InvariantCulture, $"{p.Minute:0.###},{p.Queued},{p.QueuedMax},{p.Arrivals},{p.Answered},{Number(p.WaitMeanSeconds)},{p.Abandoned},{p.Occupied},{p.Utilization:0.####}\n");
            }

            written.Add(Save(directory, $"timeseries-{result.Algorithm}.csv", text));
        }

        var skills = results.Count == 0 ? [] : results[0].ServiceLevelBySkill?.Keys.ToList() ?? [];
        var skillColumns = string.Concat(skills.Select(s => $",serviceLevel:{s}"));
        var summary = new StringBuilder("algorithm,conversations,answered,abandoned,unfinished,waitMeanSeconds,waitP50Seconds,waitP90Seconds,waitP99Seconds,probabilityOfWait,serviceLevel,serviceLevelThresholdSeconds,handleTimeMeanSeconds,utilization,fairnessCv,conversationsPerAgentMin,conversationsPerAgentMax,longestQueue,transfers,failedTransfers,erlangCProbabilityOfWait,erlangCWaitMeanSeconds,waitMeanAllSeconds,erlangAProbabilityOfAbandon,erlangAWaitMeanAllSeconds,returningConversations,firstContactAgentReuse" + skillColumns + "\n");
        foreach (var r in results)
        {
            summary.Append(CultureInfo.InvariantCulture,
                $"{r.Algorithm},{r.Conversations},{r.Answered},{r.Abandoned},{r.Unfinished},{Number(r.WaitMeanSeconds)},{Number(r.WaitP50Seconds)},{Number(r.WaitP90Seconds)},{Number(r.WaitP99Seconds)},{Number(r.ProbabilityOfWait)},{Number(r.ServiceLevel)},{r.ServiceLevelThresholdSeconds},{Number(r.HandleTimeMeanSeconds)},{r.Utilization:0.####},{r.FairnessCv:0.####},{r.ConversationsPerAgentMin},{r.ConversationsPerAgentMax},{r.LongestQueue},{r.Transfers},{r.FailedTransfers},{Number(r.ErlangC?.ProbabilityOfWait)},{Number(r.ErlangC?.WaitMeanSeconds)},{Number(r.WaitMeanAllSeconds)},{Number(r.ErlangA?.ProbabilityOfAbandon)},{Number(r.ErlangA?.WaitMeanAllSeconds)},{r.ReturningConversations},{Number(r.FirstContactAgentReuse)}");
            foreach (var skill in skills)
            {
                summary.Append(CultureInfo.InvariantCulture, $",{Number(r.ServiceLevelBySkill?.GetValueOrDefault(skill))}");
            }

            summary.Append('\n');
        }

        written.Add(Save(directory, "summary.csv", summary));
        return written;
    }

    private static string Number(double? value) => value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;

    private static string Save(string directory, string name, StringBuilder text)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
