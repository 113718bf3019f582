using System.Collections.Immutable;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Simulator.Cli;
using Omnichannel.Simulator.Demand;
using Omnichannel.Simulator.Metrics;
using Omnichannel.Testing;
using Omnichannel.Testing.Scheduling;

namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// One algorithm's run: its own DI container (in-memory storage, the algorithm, a <see cref="VirtualScheduler"/> as
/// both clock and scheduler), the plan's departments and agents, then virtual time advanced sample by sample until
/// the arrival window has passed and every conversation is closed.
/// </summary>
internal static class SimulationRun
{
    /// <summary>A Monday morning; only differences of time matter.</summary>
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 8, 0);

    /// <summary>How long after the arrival window the run may go on closing conversations before it reports them unfinished.</summary>
    private static readonly Duration Overtime = Duration.FromDays(7);

    public static async Task<AlgorithmResult> RunAsync(SimulatorOptions options, DemandPlan plan, AlgorithmChoice algorithm, Action<double>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        var time = new VirtualScheduler(Start);
        var end = Start + Duration.FromNanoseconds(Math.Round(options.Hours * 3600 * 1e9));
        var observer = new SimulationObserver();
        var services = new ServiceCollection()
            .AddSingleton<IClock>(time)
            .AddSingleton<IScheduler>(time)
            .AddSingleton<IConversationIdGenerator>(new SequentialConversationIdGenerator())
            // Before routing: the observer sees each event before routing reacts to it (and assigns).
            .AddSingleton<IDomainEventPublisher>(observer)
            // Only manual selection needs the agents to alert; computing them costs a read of the department's agents per arrival.
            .AddOmnichannel(o => o.AlertAgentsOnQueue = algorithm.IsManual)
            .AddOmnichannelRouting(algorithm.Configure);
        using var database = SimulationDatabase.For(options, algorithm);
        database?.Configure(services);
        await using var provider = services.BuildServiceProvider();

        var departments = await CreateDepartmentsAsync(provider, plan, cancellationToken).ConfigureAwait(false);
        var agents = await RegisterAgentsAsync(provider, options, plan, departments, cancellationToken).ConfigureAwait(false);
        await provider.GetRequiredService<IRoutingService>().StartAsync(cancellationToken).ConfigureAwait(false);

        var traces = new TraceBook();
        var metrics = new MetricsRecorder(traces, Start, end, agents.Select(a => a.Id), agents.Sum(a => a.MaxSimultaneousConversations));
        var floor = new ContactCenterFloor(time, provider, options, plan, departments, traces, algorithm.IsManual);
        observer.Attach(metrics, floor);
        floor.Start();

        var step = Duration.FromNanoseconds(Math.Round(options.SampleSeconds * 1e9));
        var now = Start;
        while (now < end || (metrics.Open > 0 && now < end + Overtime))
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Samples fall on multiples of the step, and one falls exactly on the end of the arrival window.
            var next = now + step;
            now = now < end && next > end ? end : next;
            await time.AdvanceToAsync(now, cancellationToken).ConfigureAwait(false);
            observer.ThrowIfFailed();
            metrics.Sample(now);
            progress?.Invoke(Math.Min(1, (now - Start) / (end - Start)));
        }

        var peerGroups = agents.GroupBy(a => string.Join('+', a.Departments.Select(d => d.Value).Order(StringComparer.Ordinal)), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<AgentId>)[.. g.Select(a => a.Id)])
            .ToList();
        var result = metrics.Result(algorithm.Name, options.ServiceLevelSeconds, peerGroups, floor.UnexpectedRefusals) with
        {
            ErlangC = options.IsMmc ? ErlangCPrediction.For(options.Agents, options.ArrivalsPerHour, options.MeanHandleSeconds, options.ServiceLevelSeconds) : null,
            Elapsed = watch.Elapsed,
        };
        return result with { RefusalSamples = floor.RefusalSamples };
    }

    private static async Task<ImmutableArray<DepartmentId>> CreateDepartmentsAsync(IServiceProvider provider, DemandPlan plan, CancellationToken cancellationToken)
    {
        var service = provider.GetRequiredService<IDepartmentService>();
        var ids = ImmutableArray.CreateBuilder<DepartmentId>(plan.DepartmentNames.Length);
        foreach (var name in plan.DepartmentNames)
        {
            var department = new Department { Id = new DepartmentId(name), Name = name };
            ids.Add((await service.SaveAsync(department, cancellationToken).ConfigureAwait(false)).GetValueOrThrow().Id);
        }

        return ids.MoveToImmutable();
    }

    private static async Task<List<Agent>> RegisterAgentsAsync(IServiceProvider provider, SimulatorOptions options, DemandPlan plan, ImmutableArray<DepartmentId> departments, CancellationToken cancellationToken)
    {
        var service = provider.GetRequiredService<IAgentService>();
        var agents = new List<Agent>(plan.AgentDepartments.Length);
        var width = plan.AgentDepartments.Length.ToString(System.Globalization.CultureInfo.InvariantCulture).Length;
        for (var i = 0; i < plan.AgentDepartments.Length; i++)
        {
            // Zero-padded, so the ordinal id order (the algorithms' last tie-break) is the numeric order.
            var name = $"agent-{(i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(width, '0')}";
            var agent = new Agent
            {
                Id = new AgentId(name),
                Username = name,
                Departments = [.. plan.AgentDepartments[i].Select(d => departments[d])],
                MaxSimultaneousConversations = options.Concurrency,
                Status = AgentStatus.Available,
            };
            agents.Add((await service.RegisterAsync(agent, cancellationToken).ConfigureAwait(false)).GetValueOrThrow());
        }

        return agents;
    }
}
