using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Routing.DependencyInjection;
using Omnichannel.Routing.Tests.Support;
using Omnichannel.Storage;
using static Omnichannel.Routing.Tests.Model.RoutingStep;

namespace Omnichannel.Routing.Tests.Model;

/// <summary>
/// Model-based test: random worlds and random sequences of arrivals, status changes, closes, holds, contact replies,
/// resumes, returns to the queue, forwards, manual takes, priority edits and time passing, with the router active.
/// After every step every invariant of <see cref="RoutingInvariants"/> must hold. Failures shrink to a short scenario.
/// </summary>
public class RoutingModelTests(ITestOutputHelper output)
{
    private const int Scenarios = 400;
    private const int Contacts = 8;
    private static readonly string[] Departments = ["d0", "d1", "d2"];

    private static readonly Action<RoutingBuilder>[] Algorithms =
    [
        r => r.UseLeastBusy(),
        r => r.UseLoadBalancing(),
        r => r.UseRoundRobin(),
        r => r.UseLongestIdle(),
        r => r.UseSkills(o => o.FallBackToAnyAgent = true),
        r => r.UseLoadBalancing().ForDepartment(new DepartmentId("d1"), d => d.UseRoundRobin()).ForDepartment(new DepartmentId("d2"), d => d.UseLongestIdle()),
    ];

    private static Gen<RoutingStep> Steps(int agents)
    {
        var pick = Gen.Choose(0, 20);
        var department = Gen.Choose(0, Departments.Length - 1);
        var agent = Gen.Choose(0, agents - 1);
        var status = Gen.Elements(AgentStatus.Available, AgentStatus.Available, AgentStatus.Away, AgentStatus.Offline);
        return Gen.Frequency(
            (8, from c in Gen.Choose(0, Contacts - 1) from d in department select (RoutingStep)new Arrive(c, d)),
            (4, from a in agent from s in status select (RoutingStep)new SetStatus(a, s)),
            (4, pick.Select(p => (RoutingStep)new Close(p))),
            (3, pick.Select(p => (RoutingStep)new Hold(p))),
            (3, pick.Select(p => (RoutingStep)new Reply(p))),
            (1, pick.Select(p => (RoutingStep)new Resume(p))),
            (1, pick.Select(p => (RoutingStep)new ReturnToQueue(p))),
            (2, from p in pick from d in department select (RoutingStep)new ForwardToDepartment(p, d)),
            (1, from p in pick from a in agent select (RoutingStep)new ForwardToAgent(p, a)),
            (1, from p in pick from a in agent select (RoutingStep)new Take(p, a)),
            (2, from p in pick from priority in Gen.Elements(Enum.GetValues<ConversationPriority>()) select (RoutingStep)new SetPriority(p, priority)),
            (2, Gen.Choose(0, 30).Select(s => (RoutingStep)new Advance(s))));
    }

    private static readonly Gen<RoutingScenario> Scenario =
        from departmentLimits in Gen.Choose(0, 2).ArrayOf(Departments.Length)
        from agentCount in Gen.Choose(2, 5)
        from agents in (from mask in Gen.Choose(1, 7)
                        from limit in Gen.Choose(0, 3)
                        from status in Gen.Elements(AgentStatus.Available, AgentStatus.Available, AgentStatus.Available, AgentStatus.Away, AgentStatus.Offline)
                        select new AgentSetup(mask, limit, status)).ArrayOf(agentCount)
        from algorithm in Gen.Choose(0, Algorithms.Length - 1)
        from countOnHold in Gen.Elements(false, true)
        from prefer in Gen.Elements(false, true)
        from steps in Steps(agentCount).ArrayOf()
        select new RoutingScenario(departmentLimits, agents, algorithm, countOnHold, prefer, steps);

    /// <summary>Shorter scenarios first (halves, then one step fewer), so a failure shrinks to the steps that matter.</summary>
    private static IEnumerable<RoutingScenario> Shrink(RoutingScenario scenario)
    {
        var steps = scenario.Steps;
        if (steps.Length > 1)
        {
            yield return scenario with { Steps = steps[..(steps.Length / 2)] };
            yield return scenario with { Steps = steps[(steps.Length / 2)..] };
        }

        for (var i = 0; i < steps.Length; i++)
        {
            yield return scenario with { Steps = [.. steps[..i], .. steps[(i + 1)..]] };
        }
    }

    [Fact]
    public void Random_operations_never_double_assign_overrun_capacity_break_queue_order_or_leave_work_stuck()
    {
        var coverage = new Coverage();
        var config = Config.QuickThrowOnFailure.WithMaxTest(Scenarios).WithEndSize(80).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(Scenario, Shrink), scenario => RunAsync(scenario, coverage).GetAwaiter().GetResult()));

        output.WriteLine($"{coverage.Scenarios} scenarios, {coverage.Steps} steps, {coverage.RoutedAssignments} routed assignments, {coverage.StepsEndingWithWorkQueued} steps ended with work queued");

        // The property must have had something to check: many routed assignments, and steps that ended with work queued.
        Assert.True(coverage.Scenarios >= Scenarios, $"only {coverage.Scenarios} scenarios ran");
        Assert.True(coverage.RoutedAssignments > Scenarios * 2, $"only {coverage.RoutedAssignments} routed assignments in {coverage.Steps} steps");
        Assert.True(coverage.StepsEndingWithWorkQueued > Scenarios * 3, $"only {coverage.StepsEndingWithWorkQueued} of {coverage.Steps} steps ended with work queued");
    }

    private sealed class Coverage
    {
        public int Scenarios;
        public int RoutedAssignments;
        public int StepsEndingWithWorkQueued;
        public int Steps;
    }

    private static async Task RunAsync(RoutingScenario scenario, Coverage coverage)
    {
        coverage.Scenarios++;
        await using var h = RoutingHarness.Create(
            r =>
            {
                Algorithms[scenario.Algorithm](r);
                if (scenario.PreferKnownAgents)
                {
                    r.PreferAgentsWhoKnowTheContact();
                }
            },
            core: o => o.CountOnHoldTowardCapacity = scenario.CountOnHold);
        var departments = new List<DepartmentId>();
        for (var i = 0; i < Departments.Length; i++)
        {
            departments.Add(await h.DepartmentAsync(Departments[i], scenario.DepartmentLimits[i]));
        }

        var agents = new List<AgentId>();
        for (var i = 0; i < scenario.Agents.Length; i++)
        {
            var setup = scenario.Agents[i];
            var member = Departments.Where((_, d) => (setup.DepartmentMask & (1 << d)) != 0).ToArray();
            agents.Add(await h.AgentAsync($"a{i}", member, setup.Limit, setup.Status));
        }

        var supervisor = await h.SupervisorAsync("supervisor", Departments);
        var invariants = new RoutingInvariants(h, agents, departments);
        var conversations = new List<ConversationId>();
        Assert.Empty(await invariants.CheckAsync());

        for (var i = 0; i < scenario.Steps.Length; i++)
        {
            var step = scenario.Steps[i];
            coverage.Steps++;
            await RunStepAsync(h, step, agents, supervisor, conversations);
            await h.SettleAsync(); // routing runs off the caller's thread: let it do what the step woke it for
            var violations = await invariants.CheckAsync();
            if (violations.Count > 0)
            {
                throw new InvalidOperationException($"After step {i + 1} ({step}):{Environment.NewLine}{string.Join(Environment.NewLine, violations)}");
            }

            foreach (var department in departments)
            {
                if ((await h.QueuedAsync(department)).Count > 0)
                {
                    coverage.StepsEndingWithWorkQueued++;
                    break;
                }
            }
        }

        coverage.RoutedAssignments += h.Events.OfType<ConversationStateChanged>().Count(e => e.Trigger == ConversationTrigger.Take && e.Actor == Actor.System);
    }

    private static async Task RunStepAsync(RoutingHarness h, RoutingStep step, List<AgentId> agents, AgentId supervisor, List<ConversationId> conversations)
    {
        var service = h.Conversations;
        switch (step)
        {
            case Arrive(var contact, var department):
                var id = await h.ArriveAsync($"k{contact}", Departments[department]);
                if (!conversations.Contains(id))
                {
                    conversations.Add(id);
                }

                break;
            case SetStatus(var agent, var status):
                await h.SetStatusAsync(agents[agent], status);
                break;
            case Close(var pick) when await PickAsync(h, conversations, pick, c => c.IsOpen) is { } open:
                (await service.CloseAsync(open.Id, Actor.System)).GetValueOrThrow();
                break;
            case Hold(var pick) when await PickAsync(h, conversations, pick, c => c.State == ConversationState.Taken) is { } taken:
                var holder = taken.ServingAgentId!.Value;
                (await service.PostAgentMessageAsync(taken.Id, holder, "one moment")).GetValueOrThrow();
                (await service.PlaceOnHoldAsync(taken.Id, holder)).GetValueOrThrow();
                break;
            case Reply(var pick) when await PickAsync(h, conversations, pick, c => c.IsOpen) is { } open:
                (await service.ReceiveContactMessageAsync(open.ContactId, open.DepartmentId, "still there?")).GetValueOrThrow();
                break;
            case Resume(var pick) when await PickAsync(h, conversations, pick, c => c.State == ConversationState.OnHold) is { } onHold:
                _ = await service.ResumeAsync(onHold.Id, onHold.ServingAgentId!.Value); // refused when unavailable or full
                break;
            case ReturnToQueue(var pick) when await PickAsync(h, conversations, pick, c => c.State == ConversationState.Taken) is { } taken:
                (await service.ReturnToQueueAsync(taken.Id, Actor.Agent(taken.ServingAgentId!.Value))).GetValueOrThrow();
                break;
            case ForwardToDepartment(var pick, var department) when await PickAsync(h, conversations, pick, c => c.State == ConversationState.Taken) is { } taken:
                (await service.ForwardAsync(taken.Id, taken.ServingAgentId!.Value, ForwardTarget.ToDepartment(new DepartmentId(Departments[department])))).GetValueOrThrow();
                break;
            case ForwardToAgent(var pick, var agent) when await PickAsync(h, conversations, pick, c => c.State == ConversationState.Taken) is { } taken:
                (await service.ForwardAsync(taken.Id, taken.ServingAgentId!.Value, ForwardTarget.ToAgent(agents[agent]))).GetValueOrThrow();
                break;
            case Take(var pick, var agent) when await PickAsync(h, conversations, pick, c => c.State == ConversationState.Queued) is { } queued:
                _ = await service.TakeAsync(queued.Id, agents[agent]); // refused when not eligible
                break;
            case SetPriority(var pick, var priority) when await PickAsync(h, conversations, pick, c => c.IsOpen) is { } open:
                (await service.UpdateRoomInformationAsync(open.Id, supervisor, new Omnichannel.Conversations.RoomInformationUpdate(Priority: priority))).GetValueOrThrow();
                break;
            case Advance(var seconds):
                await h.Time.AdvanceByAsync(Duration.FromSeconds(seconds));
                break;
        }
    }

    private static async Task<Conversation?> PickAsync(RoutingHarness h, List<ConversationId> conversations, int pick, Func<Conversation, bool> where)
    {
        var candidates = new List<Conversation>();
        foreach (var id in conversations)
        {
            var conversation = await h.Stores.Conversations.GetAsync(id, default);
            if (conversation is not null && where(conversation))
            {
                candidates.Add(conversation);
            }
        }

        return candidates.Count == 0 ? null : candidates[pick % candidates.Count];
    }
}
