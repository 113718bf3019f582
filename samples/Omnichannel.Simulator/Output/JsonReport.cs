using System.Text.Json;
using System.Text.Json.Serialization;
using Omnichannel.Simulator.Metrics;

namespace Omnichannel.Simulator.Output;

/// <summary>The --json output: <c>{ "scenario": {...}, "results": [ {...}, ... ] }</c>, field names in camelCase.</summary>
internal static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static string Format(ScenarioSummary scenario, IReadOnlyList<AlgorithmResult> results) =>
        JsonSerializer.Serialize(new Report(scenario, results), Options);

    private sealed record Report(ScenarioSummary Scenario, IReadOnlyList<AlgorithmResult> Results);
}
