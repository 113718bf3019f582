using System.Text.Json;

namespace Omnichannel.Simulator.Tests;

/// <summary>
/// The skills scenario shows where algorithms differ: skills routing gives conversations to agents who speak the language
/// well (shorter handle times, better service level), preferred-agent routing gives returning contacts back to the agent
/// who served them; the metrics are in JSON and CSV.
/// </summary>
public class SkillsScenarioTests
{
    private static readonly Lazy<Task<JsonElement[]>> Run = new(async () =>
    {
        using var document = await SimulatorRunner.RunJsonAsync("--scenario", "skills", "--agents", "60", "--arrivals-per-hour", "1500", "--hours", "2",
            "--algorithm", "load-balancing,skills,preferred,skills-preferred");
        return [.. document.RootElement.GetProperty("results").EnumerateArray().Select(r => r.Clone())];
    });

    [Fact]
    public async Task Skills_routing_serves_faster_and_within_the_service_level_more_often_than_load_balancing()
    {
        var results = await Run.Value;
        var loadBalancing = Result(results, "load-balancing");
        var skills = Result(results, "skills");

        Assert.True(skills.GetProperty("handleTimeMeanSeconds").GetDouble() < 0.97 * loadBalancing.GetProperty("handleTimeMeanSeconds").GetDouble());
        Assert.True(skills.GetProperty("serviceLevel").GetDouble() > loadBalancing.GetProperty("serviceLevel").GetDouble() + 0.03);
        foreach (var language in new[] { "english", "spanish", "german" })
        {
            var level = skills.GetProperty("serviceLevelBySkill").GetProperty(language).GetDouble();
            Assert.InRange(level, 0.01, 1);
        }
    }

    [Fact]
    public async Task Preferred_agent_routing_gives_returning_contacts_back_to_their_agent_more_often()
    {
        var results = await Run.Value;

        Assert.True(Result(results, "load-balancing").GetProperty("returningConversations").GetInt32() > 300);
        Assert.True(Result(results, "preferred").GetProperty("firstContactAgentReuse").GetDouble() > 2 * Result(results, "load-balancing").GetProperty("firstContactAgentReuse").GetDouble());
        Assert.True(Result(results, "skills-preferred").GetProperty("firstContactAgentReuse").GetDouble() > 2 * Result(results, "skills").GetProperty("firstContactAgentReuse").GetDouble());
        Assert.All(results, r => Assert.Equal(0, r.GetProperty("unexpectedRefusals").GetInt32()));
        Assert.All(results, r => Assert.Equal(0, r.GetProperty("unfinished").GetInt32()));
    }

    [Fact]
    public async Task The_csv_summary_has_the_per_skill_service_level_and_the_agent_reuse()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"omnichannel-skills-{Guid.NewGuid():N}");
        try
        {
            var (exit, _, stderr) = await SimulatorRunner.RunAsync("--scenario", "skills", "--agents", "20", "--arrivals-per-hour", "300", "--hours", "1",
                "--algorithm", "preferred", "--csv", directory);
            Assert.True(exit == 0, stderr);

            var lines = await File.ReadAllLinesAsync(Path.Combine(directory, "summary.csv"));
            var header = lines[0].Split(',');
            var row = lines[1].Split(',');
            Assert.Equal(header.Length, row.Length);
            foreach (var column in new[] { "firstContactAgentReuse", "returningConversations", "serviceLevel:english", "serviceLevel:spanish", "serviceLevel:german", "waitMeanAllSeconds" })
            {
                Assert.Contains(column, header);
                Assert.NotEqual(string.Empty, row[Array.IndexOf(header, column)]);
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--algorithm skills", "--algorithm skills needs conversations that require skills")]
    [InlineData("--returning-share 0.2", "--returning-share needs --scenario skills")]
    public async Task Skills_options_outside_the_skills_scenario_are_refused_with_code_2(string commandLine, string expected)
    {
        var (exit, _, stderr) = await SimulatorRunner.RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
    }

    private static JsonElement Result(JsonElement[] results, string algorithm) =>
        results.Single(r => r.GetProperty("algorithm").GetString() == algorithm);
}
