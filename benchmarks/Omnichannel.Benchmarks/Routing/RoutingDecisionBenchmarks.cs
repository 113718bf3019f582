using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Dispatch;
using Microsoft.Extensions.Logging.Abstractions;

namespace Omnichannel.Benchmarks.Routing;

/// <summary>
/// One routing decision among N available agents of one department, per built-in algorithm, against the baseline of a
/// query-per-decision router done in memory: filter the eligible agents, count each one's open conversations, sort,
/// take the first. Agents carry varied loads (0-2 of 3) and last-routed times so orders are not trivial.
/// </summary>
[MemoryDiagnoser]
public class RoutingDecisionBenchmarks
{
    private static readonly Instant Start = Instant.FromUtc(2026, 1, 1, 9, 0);
    private readonly DepartmentId _department = new("support");
    private DepartmentRouting _routing = null!;
    private List<Agent> _agents = null!;
    private Dictionary<AgentId, List<Conversation>> _openByAgent = null!;
    private RoutingRequest _request;
    private RoutingRequest _requestWithSkills;
    private RoutingRequest _requestWithPreferred;
    private IRoutingAlgorithm _leastBusy = null!;
    private IRoutingAlgorithm _loadBalancing = null!;
    private IRoutingAlgorithm _roundRobin = null!;
    private IRoutingAlgorithm _longestIdle = null!;
    private IRoutingAlgorithm _skills = null!;
    private IRoutingAlgorithm _preferred = null!;
    private ExternalRoutingAlgorithm _external = null!;

    [Params(100, 1000, 10000)]
    public int Agents { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var department = new Department { Id = _department, Name = "Support", MaxChatsPerAgent = 3 };
        _routing = new DepartmentRouting(department, RoutingAlgorithms.LeastBusy, Duration.FromMinutes(5));
        _agents = [];
        _openByAgent = [];
        var random = new Random(42);
        for (var i = 0; i < Agents; i++)
        {
            var agent = new Agent
            {
                Id = new AgentId($"agent-{i:D5}"),
                Username = $"agent{i}",
                Departments = [_department],
                Status = AgentStatus.Available,
                MaxSimultaneousConversations = 3,
                Skills = ImmutableDictionary<string, int>.Empty.Add("spanish", 1 + (i % 3)).Add("billing", 1 + (i % 2)),
            };
            _agents.Add(agent);
            var load = random.Next(0, 3);
            var routed = new RoutedAgent(agent)
            {
                ActiveConversations = load,
                LastRoutedAt = Start + Duration.FromSeconds(random.Next(0, 3600)),
                IdleSince = Start + Duration.FromSeconds(random.Next(0, 3600)),
            };
            routed.CountedByDepartment[_department] = load;
            _routing.Pool.Add(routed);
            _openByAgent[agent.Id] = Enumerable.Range(0, load).Select(n => new Conversation
            {
                Id = new ConversationId($"c-{i}-{n}"),
                ContactId = new ContactId($"k-{i}-{n}"),
                DepartmentId = _department,
                State = ConversationState.Taken,
                ServingAgentId = agent.Id,
                CreatedAt = Start,
                QueuedAt = Start,
            }).ToList();
        }

        _request = new RoutingRequest(new ConversationId("new"), _department, new ContactId("k"), ConversationPriority.None, Start, [], []);
        _requestWithSkills = _request with { RequiredSkills = [new SkillRequirement("spanish", 3), new SkillRequirement("billing", 2)] };
        _requestWithPreferred = _request with { PreferredAgents = [new AgentId("nobody"), _agents[Agents / 2].Id] };
        _leastBusy = RoutingAlgorithms.LeastBusy;
        _loadBalancing = RoutingAlgorithms.LoadBalancing;
        _roundRobin = RoutingAlgorithms.RoundRobin;
        _longestIdle = RoutingAlgorithms.LongestIdle;
        _skills = RoutingAlgorithms.Skills();
        _preferred = RoutingAlgorithms.PreferredAgent(RoutingAlgorithms.LoadBalancing);
        _external = new ExternalRoutingAlgorithm(new LastCandidateRouter(), TimeSpan.FromSeconds(1), RoutingAlgorithms.LeastBusy, NullLogger<ExternalRoutingAlgorithm>.Instance);

        // Build every order's index once, as a running router does on first use.
        foreach (var order in Enum.GetValues<RoutingOrder>())
        {
            _ = _routing.Eligible.For(null).First(order);
        }
    }

    [Benchmark(Baseline = true, Description = "Baseline: filter, count, sort per decision")]
    public AgentId? QueryPerDecision()
    {
        var candidates = new List<(Agent Agent, int Open)>();
        foreach (var agent in _agents)
        {
            if (agent.Status != AgentStatus.Available || !agent.Departments.Contains(_department))
            {
                continue;
            }

            var open = _openByAgent[agent.Id].Count(c => c.State is ConversationState.Taken or ConversationState.Forwarded);
            if (open < agent.MaxSimultaneousConversations)
            {
                candidates.Add((agent, open));
            }
        }

        candidates.Sort(static (x, y) => x.Open != y.Open ? x.Open.CompareTo(y.Open) : string.CompareOrdinal(x.Agent.Id.Value, y.Agent.Id.Value));
        return candidates.Count == 0 ? null : candidates[0].Agent.Id;
    }

    [Benchmark]
    public AgentId? LeastBusy() => _leastBusy.SelectAgent(_request, _routing.Eligible.For(null));

    [Benchmark]
    public AgentId? LoadBalancing() => _loadBalancing.SelectAgent(_request, _routing.Eligible.For(null));

    [Benchmark]
    public AgentId? RoundRobin() => _roundRobin.SelectAgent(_request, _routing.Eligible.For(null));

    [Benchmark]
    public AgentId? LongestIdle() => _longestIdle.SelectAgent(_request, _routing.Eligible.For(null));

    [Benchmark]
    public AgentId? PreferredAgent() => _preferred.SelectAgent(_requestWithPreferred, _routing.Eligible.For(null));

    [Benchmark]
    public AgentId? Skills() => _skills.SelectAgent(_requestWithSkills, _routing.Eligible.For(null));

    [Benchmark]
    public AgentId? External()
    {
        // What the router does for an algorithm with I/O: snapshot the eligible ids, ask, check the answer.
        var eligible = _routing.Eligible.For(null);
        var candidates = new List<AgentId>(eligible.Count);
        foreach (var agent in _routing.Pool.Members)
        {
            candidates.Add(agent.Id);
        }

        var answer = _external.SelectAgentAsync(_request, candidates, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return answer is { } id && eligible.Contains(id) ? id : _external.SelectAgent(_request, eligible);
    }

    [Benchmark]
    public AgentId? ManualSelection() => RoutingAlgorithms.ManualSelection.SelectAgent(_request, _routing.Eligible.For(null));

    /// <summary>A decision plus the index update a reservation causes (the agent leaves and re-enters every index).</summary>
    [Benchmark]
    public AgentId? LoadBalancingWithIndexUpdate()
    {
        var chosen = _routing.Eligible.For(null).First(RoutingOrder.LoadBalancing)!;
        _routing.Pool.Remove(chosen);
        chosen.LastRoutedAt += Duration.FromSeconds(1);
        _routing.Pool.Add(chosen);
        return chosen.Id;
    }

    /// <summary>An in-process external router: answers at once, so the benchmark measures the router's side.</summary>
    private sealed class LastCandidateRouter : IExternalRouter
    {
        public ValueTask<AgentId?> SelectAgentAsync(RoutingRequest request, IReadOnlyList<AgentId> eligibleAgents, CancellationToken cancellationToken) =>
            ValueTask.FromResult<AgentId?>(eligibleAgents.Count == 0 ? null : eligibleAgents[^1]);
    }
}
