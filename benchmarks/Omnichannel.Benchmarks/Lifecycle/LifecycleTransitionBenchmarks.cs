using BenchmarkDotNet.Attributes;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Stateless;

namespace Omnichannel.Benchmarks.Lifecycle;

/// <summary>
/// One lifecycle transition decided by the compiled table the operations use, against firing a Stateless machine
/// of the same definition. Each invocation runs the cycle Take, PlaceOnHold (guarded), Resume, ReturnToQueue, so
/// the Stateless machine ends where it started; figures are per transition (<see cref="Cycle"/> operations).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class LifecycleTransitionBenchmarks
{
    private const int Cycle = 4;

    private readonly StatelessTriggers _triggers = new();

    private StateMachine<ConversationState, ConversationTrigger> _machine = null!;
    private LifecycleTable _table = null!;
    private Conversation _queued = null!;
    private Conversation _taken = null!;
    private Conversation _onHold = null!;

    [GlobalSetup]
    public void Setup()
    {
        _queued = new Conversation
        {
            Id = new ConversationId("benchmark"),
            ContactId = new ContactId("contact"),
            DepartmentId = new DepartmentId("support"),
            CreatedAt = Instant.FromUnixTimeSeconds(0),
            QueuedAt = Instant.FromUnixTimeSeconds(0),
        };
        // The agent wrote last, so the PlaceOnHold guard is met.
        _taken = _queued with { State = ConversationState.Taken, ServingAgentId = new AgentId("alice"), LastAuthorKind = AuthorKind.Agent };
        _onHold = _taken with { State = ConversationState.OnHold };
        _machine = ConversationLifecycle.CreateMachine(ConversationState.Queued);
        _table = ConversationLifecycle.Table;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Cycle, Description = "Stateless machine Fire")]
    public ConversationState StatelessFire()
    {
        _machine.Fire(_triggers.Take, _queued);
        _machine.Fire(_triggers.PlaceOnHold, _taken);
        _machine.Fire(_triggers.Resume, _onHold);
        _machine.Fire(_triggers.ReturnToQueue, _taken);
        return _machine.State;
    }

    [Benchmark(OperationsPerInvoke = Cycle, Description = "Compiled table Decide")]
    public int CompiledTableDecide()
    {
        var taken = _table.Decide(_queued, ConversationTrigger.Take).Destination;
        var onHold = _table.Decide(_taken, ConversationTrigger.PlaceOnHold).Destination;
        var resumed = _table.Decide(_onHold, ConversationTrigger.Resume).Destination;
        var queued = _table.Decide(_taken, ConversationTrigger.ReturnToQueue).Destination;
        return (int)taken + (int)onHold + (int)resumed + (int)queued;
    }
}
