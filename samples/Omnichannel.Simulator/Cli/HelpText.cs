namespace Omnichannel.Simulator.Cli;

/// <summary>The --help text.</summary>
internal static class HelpText
{
    public const string Text = """
        Omnichannel simulator: a simulated contact-center day on the real library (in-memory storage, virtual
        clock and scheduler), comparing the built-in routing algorithms on identical demand.

        Usage: dotnet run --project samples/Omnichannel.Simulator -- [options]

        Scenario
          --scenario day|mmc|skills     day (default): departments, time-of-day profile, holds, forwards,
                                        abandonment. skills: the day with languages (each conversation needs
                                        one at a proficiency; agents speak them at 1-3) and returning contacts;
                                        compares skills and preferred-agent routing too. mmc: an M/M/c queue checked against Erlang C (Poisson
                                        arrivals, exponential handle times, one department, one conversation
                                        per agent, no holds or forwards; no abandonment unless
                                        --patience-seconds is given: then M/M/c+M, checked against Erlang A).
          --hours T                     simulated duration of arrivals, in hours (default 8); the run goes on
                                        until every conversation is closed.
          --seed S                      random seed (default 42): same seed, same result.

        Demand
          --arrivals-per-hour L         mean arrivals per hour over the run (default 6000).
          --profile day|flat|W1,W2,...  time-of-day shape (default day; mmc: flat). Weights apply to equal
                                        slices of the run and are normalised to mean 1.
          --handle-time exponential|lognormal|fixed
                                        distribution of an agent's work on a conversation (default lognormal;
                                        mmc: exponential).
          --mean-handle-seconds H       mean work per conversation in seconds (default 300).
          --handle-cv X                 coefficient of variation for lognormal (default 0.8).
          --patience-seconds P          mean patience in the queue, exponential (default 180); 0 = never abandon.
          --hold-probability P          share of conversations put on hold once (default 0.1).
          --hold-seconds S              mean time on hold before the contact writes again (default 60).
          --forward-probability P       share of conversations forwarded to another department (default 0.05).
          --returning-share P           skills scenario: share of arrivals who are contacts that came before
                                        (default 0.3).

        Contact center
          --agents N                    number of agents (default 260).
          --departments N               number of departments (default 4).
          --department-weights W1,W2,...
                                        share of arrivals and agents per department (default 40,25,20,15 for
                                        4 departments, else equal).
          --multi-department-share P    share of agents who also serve a second department (default 0.2).
          --concurrency N               conversations an agent serves at once, Agent.MaxSimultaneousConversations
                                        (default 3; mmc: 1).
          --concurrency-slowdown X      work takes X longer per other conversation the agent already serves
                                        when it starts (default 0.2; mmc: 0).
          --reaction-seconds R          mean reaction time of agents taking from the queue under manual
                                        selection (default 10).

        Routing
          --algorithm A[,B...]          manual, least-busy, load-balancing, round-robin, longest-idle, skills,
                                        preferred, skills-preferred, or all (default: the first five; mmc: every
                                        automatic one; skills: every automatic one). May be repeated.

        Output
          --service-level-seconds S     service-level threshold (default 20).
          --json                        machine-readable results on stdout (an object with a results array).
          --metrics                     the library's metrics (meter "Omnichannel", summed over the algorithms run),
                                        exported to stdout by OpenTelemetry's console exporter when the runs end.
          --csv DIR                     time series per algorithm (one row per sample) and a summary, as CSV.
          --plot FILE.png               queue length and waiting times over the run, per algorithm.
          --store memory|sqlite         where the library stores conversations (default memory).
          --database FILE.db            with --store sqlite: keep the database in FILE (one per algorithm: FILE-ALGORITHM.db);
                                        default: a temporary file deleted after the run. An existing file is refused.
          --sample-seconds S            time-series resolution (default 60).
          --progress / --no-progress    force the progress display on stderr on or off (default: on for long
                                        runs when stderr is a terminal).
          --parallel N                  algorithms simulated at once (default: number of processors).
          -h, --help                    this text.

        Exit codes: 0 success, 1 the simulation failed, 2 bad options.

        Examples
          dotnet run --project samples/Omnichannel.Simulator
          dotnet run --project samples/Omnichannel.Simulator -- --algorithm least-busy,round-robin --plot day.png
          dotnet run --project samples/Omnichannel.Simulator -- --scenario mmc --agents 10 --arrivals-per-hour 160 --mean-handle-seconds 180 --hours 100 --seed 1 --json
        """;
}
