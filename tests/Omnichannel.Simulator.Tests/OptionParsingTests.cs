namespace Omnichannel.Simulator.Tests;

/// <summary>Bad command lines get a message naming the option and exit code 2; help exits 0.</summary>
public class OptionParsingTests
{
    [Theory]
    [InlineData("--agnets 10", "Unknown option 'agnets'")]
    [InlineData("--agents", "Option --agents needs a value")]
    [InlineData("--agents ten", "Option --agents has value 'ten'; expected a whole number")]
    [InlineData("--agents 0", "Option --agents has value '0'")]
    [InlineData("--hours -1", "Option --hours has value '-1'; expected a number above 0")]
    [InlineData("--hold-probability 1.5", "Option --hold-probability has value '1.5'; expected a number from 0 to 1")]
    [InlineData("--algorithm fastest", "Unknown algorithm 'fastest'")]
    [InlineData("--scenario weekend", "Option --scenario has value 'weekend'; expected day, mmc or skills")]
    [InlineData("--seed 1 --seed 2", "Option --seed is given twice")]
    [InlineData("--departments 3 --department-weights 50,50", "--department-weights has 2 weights but there are 3 departments")]
    [InlineData("--departments 1 --forward-probability 0.1", "--forward-probability needs at least two departments")]
    [InlineData("--hold-probability 0.7 --forward-probability 0.5", "add up to more than 1")]
    [InlineData("--plot chart.svg", "give a file name ending in .png")]
    [InlineData("--json=yes", "Flags cannot be assigned a value")]
    [InlineData("--store disk", "Option --store has value 'disk'; expected memory or sqlite")]
    [InlineData("--database day.db", "--database names a SQLite file; it needs --store sqlite")]
    [InlineData("agents=10", "Unknown command 'agents=10'")]
    [InlineData("--scenario mmc --hold-probability 0.2", "does not fit --scenario mmc")]
    [InlineData("--scenario mmc --algorithm manual", "--algorithm manual does not fit --scenario mmc")]
    [InlineData("--scenario mmc --agents 5 --arrivals-per-hour 100 --mean-handle-seconds 180", "offers 5 Erlangs to --agents 5")]
    [InlineData("--scenario mmc --patience-seconds -5", "Option --patience-seconds has value '-5'; expected a number of 0 or more")]
    public async Task Bad_options_exit_with_code_2_and_say_what_is_wrong(string commandLine, string expected)
    {
        var (exit, stdout, stderr) = await SimulatorRunner.RunAsync(commandLine.Split(' '));

        Assert.Equal(2, exit);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Help_lists_the_options_and_exits_0()
    {
        var (exit, stdout, _) = await SimulatorRunner.RunAsync("--help");

        Assert.Equal(0, exit);
        foreach (var option in new[] { "--scenario", "--agents", "--arrivals-per-hour", "--mean-handle-seconds", "--hours", "--seed", "--json", "--csv", "--plot", "--algorithm" })
        {
            Assert.Contains(option, stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Options_accept_the_equals_form_and_harmless_M_M_c_values()
    {
        using var document = await SimulatorRunner.RunJsonAsync("--scenario=mmc", "--agents=2", "--arrivals-per-hour=30", "--mean-handle-seconds=60", "--hours=2",
            "--concurrency", "1", "--hold-probability", "0", "--algorithm", "round-robin");

        Assert.Equal("round-robin", document.SingleResult().GetProperty("algorithm").GetString());
    }
}
