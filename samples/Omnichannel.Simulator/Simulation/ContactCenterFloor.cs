using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Simulator.Cli;
using Omnichannel.Simulator.Demand;
using Omnichannel.Storage;
using Omnichannel.Testing.Scheduling;

namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// The simulated people: contacts who write in, wait (and leave when their patience runs out) and write again after
/// a hold; agents who answer, work, put on hold, forward and close, and, under manual selection, take from the
/// queue themselves. Everything they do goes through <see cref="IConversationService"/> at a time scheduled on the
/// run's <see cref="VirtualScheduler"/>; what happens next is learnt from the library's events and state.
/// </summary>
/// <remarks>Not thread-safe: a run executes on the one thread that advances its virtual time.</remarks>
internal sealed class ContactCenterFloor
{
    /// <summary>How long an agent takes to send the first answer of a piece of work (at most half the work).</summary>
    private static readonly Duration ReplyDelay = Duration.FromSeconds(10);

    /// <summary>How many of the alerted agents react to one manual-selection alert (the rest are busy looking elsewhere).</summary>
    private const int AgentsReactingToAlert = 3;

    private readonly VirtualScheduler _time;
    private readonly IConversationService _conversations;
    private readonly IConversationStore _store;
    private readonly IContactStore _contacts;
    private readonly SimulatorOptions _options;
    private readonly DemandPlan _plan;
    private readonly ImmutableArray<DepartmentId> _departments;
    private readonly TraceBook _traces;
    private readonly Instant _start;
    private readonly bool _manual;
    private readonly Random _random;
    private readonly Dictionary<AgentId, ConversationId?> _pickPending = [];
    private readonly List<string> _refusalSamples = [];

    public ContactCenterFloor(
        VirtualScheduler time,
        IServiceProvider services,
        SimulatorOptions options,
        DemandPlan plan,
        ImmutableArray<DepartmentId> departments,
        TraceBook traces,
        bool manual)
    {
        _time = time;
        _conversations = services.GetRequiredService<IConversationService>();
        _store = services.GetRequiredService<IConversationStore>();
        _contacts = services.GetRequiredService<IContactStore>();
        _options = options;
        _plan = plan;
        _departments = departments;
        _traces = traces;
        _start = time.GetCurrentInstant();
        _manual = manual;
        // Behaviour draws (reaction times, who reacts) come from their own stream: the demand stays identical across algorithms.
        _random = new Random(unchecked((options.Seed * 104_729) + 3));
    }

    /// <summary>Refusals nobody expected: an operation the simulated person had every reason to expect to succeed.</summary>
    public int UnexpectedRefusals { get; private set; }

    /// <summary>The first few unexpected refusals' messages, for diagnosis.</summary>
    public IReadOnlyList<string> RefusalSamples => _refusalSamples;

    /// <summary>Schedules the first arrival; each arrival schedules the next.</summary>
    public void Start()
    {
        if (_plan.Conversations.Length > 0)
        {
            ScheduleArrival(0);
        }
    }

    private void ScheduleArrival(int index) =>
        _time.Schedule(_start + _plan.Conversations[index].Arrival, ct => ArriveAsync(index, ct));

    private async ValueTask ArriveAsync(int index, CancellationToken cancellationToken)
    {
        if (index + 1 < _plan.Conversations.Length)
        {
            ScheduleArrival(index + 1);
        }

        var planned = _plan.Conversations[index];
        var contact = new ContactId($"contact-{index + 1}");
        var trace = new ConversationTrace(planned, contact);
        _traces.Add(trace);
        await _contacts.SaveAsync(new Contact { Id = contact, Name = $"Contact {index + 1}" }, cancellationToken).ConfigureAwait(false);
        var received = await _conversations.ReceiveContactMessageAsync(contact, _departments[planned.Department], "Hello, I need some help with my order.", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (Expect(received) && planned.Patience is { } patience)
        {
            var id = received.Value!.Id;
            _time.Schedule(_time.GetCurrentInstant() + patience, ct => RunOutOfPatienceAsync(id, contact, ct));
        }
    }

    /// <summary>The contact leaves if nobody has taken the conversation yet (read from the library's store).</summary>
    private async ValueTask RunOutOfPatienceAsync(ConversationId id, ContactId contact, CancellationToken cancellationToken)
    {
        if (await _conversations.GetAsync(id, cancellationToken).ConfigureAwait(false) is { State: ConversationState.Queued, FirstTakenAt: null })
        {
            Expect(await _conversations.CloseAsync(id, Actor.Contact(contact), cancellationToken: cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Reacts to what the library announced: a service starts, or (manual selection) agents are alerted.</summary>
    public async ValueTask ReactAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        switch (domainEvent)
        {
            case ConversationStateChanged { To: ConversationState.Taken } changed
                when changed.Trigger is ConversationTrigger.Take or ConversationTrigger.Resume or ConversationTrigger.CompleteForwardToAgent or ConversationTrigger.FailForward:
                await StartServiceAsync(changed.Conversation, changed.OccurredAt, cancellationToken).ConfigureAwait(false);
                break;
            case ConversationQueued queued when _manual && !queued.AgentsToAlert.IsDefaultOrEmpty:
                AlertAgents(queued);
                break;
        }
    }

    /// <summary>An agent starts (or resumes) work on a conversation: answers shortly, and ends the current piece of work later.</summary>
    private async ValueTask StartServiceAsync(Conversation conversation, Instant at, CancellationToken cancellationToken)
    {
        var trace = _traces.Of(conversation.ContactId);
        var agent = conversation.ServingAgentId!.Value;
        var service = ++trace.Service;
        var segment = trace.Plan.Segments[Math.Min(trace.NextSegment, trace.Plan.Segments.Length - 1)];
        var work = segment.Work;
        if (_options.ConcurrencySlowdown > 0)
        {
            // Agents juggling several conversations work more slowly on each: read their load from the store.
            var load = await _store.CountServedAsync(agent, null, countOnHold: false, cancellationToken).ConfigureAwait(false);
            work *= 1 + (_options.ConcurrencySlowdown * Math.Max(0, load - 1));
        }

        var reply = work / 2 < ReplyDelay ? work / 2 : ReplyDelay;
        _time.Schedule(at + reply, ct => ReplyAsync(trace, service, agent, ct));
        _time.Schedule(at + work, ct => EndSegmentAsync(trace, service, agent, ct));
    }

    private async ValueTask ReplyAsync(ConversationTrace trace, int service, AgentId agent, CancellationToken cancellationToken)
    {
        if (trace.Service == service && !trace.IsClosed)
        {
            Expect(await _conversations.PostAgentMessageAsync(trace.Id!.Value, agent, "Thanks for waiting, I am looking into it.", cancellationToken: cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>The piece of work is done: the agent closes, puts on hold, or forwards, as planned.</summary>
    private async ValueTask EndSegmentAsync(ConversationTrace trace, int service, AgentId agent, CancellationToken cancellationToken)
    {
        if (trace.Service != service || trace.IsClosed)
        {
            return;
        }

        var id = trace.Id!.Value;
        var segment = trace.Plan.Segments[Math.Min(trace.NextSegment, trace.Plan.Segments.Length - 1)];
        switch (segment.End)
        {
            case SegmentEnd.Hold:
                // On hold only after the agent wrote last (the lifecycle's guard), and the next service continues the plan.
                Expect(await _conversations.PostAgentMessageAsync(id, agent, "I need to check something; I will put you on hold.", cancellationToken: cancellationToken).ConfigureAwait(false));
                trace.NextSegment++;
                if (Expect(await _conversations.PlaceOnHoldAsync(id, agent, cancellationToken).ConfigureAwait(false)))
                {
                    _time.Schedule(_time.GetCurrentInstant() + segment.HoldFor, ct => WriteAgainAsync(trace, ct));
                }

                break;
            case SegmentEnd.Forward:
                // Incremented first: the target department's agent may get it within this very call.
                trace.NextSegment++;
                var forwarded = await _conversations.ForwardAsync(id, agent, ForwardTarget.ToDepartment(_departments[segment.ForwardTo]), "Over to you.", cancellationToken).ConfigureAwait(false);
                Expect(forwarded);
                break;
            default:
                Expect(await _conversations.CloseAsync(id, Actor.Agent(agent), cancellationToken: cancellationToken).ConfigureAwait(false));
                break;
        }

        if (_manual)
        {
            // Capacity was freed: the agent looks at the queue again.
            SchedulePick(agent, ReactionTime());
        }
    }

    /// <summary>The contact on hold writes again: the library resumes it with the same agent if they can, else queues it.</summary>
    private async ValueTask WriteAgainAsync(ConversationTrace trace, CancellationToken cancellationToken)
    {
        if (!trace.IsClosed)
        {
            Expect(await _conversations.ReceiveContactMessageAsync(trace.Contact, trace.Department, "Any news?", cancellationToken: cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Manual selection: a few of the alerted agents react to the pop-up, each after a reaction time.</summary>
    private void AlertAgents(ConversationQueued queued)
    {
        var alerted = queued.AgentsToAlert;
        for (var i = 0; i < Math.Min(AgentsReactingToAlert, alerted.Length); i++)
        {
            SchedulePick(alerted[_random.Next(alerted.Length)], ReactionTime(), queued.Conversation.Id);
        }
    }

    private Duration ReactionTime() => Duration.FromNanoseconds(Math.Round(_random.Exponential(_options.MeanReactionSeconds) * 1e9));

    /// <summary>
    /// The agent will look after <paramref name="after"/>: at the conversation they were alerted about, or at the queue.
    /// An agent already about to look who gets another alert looks at the queue, so no alert is lost.
    /// </summary>
    private void SchedulePick(AgentId agent, Duration after, ConversationId? alertedAbout = null)
    {
        if (_pickPending.ContainsKey(agent))
        {
            _pickPending[agent] = null;
            return;
        }

        _pickPending[agent] = alertedAbout;
        _time.Schedule(_time.GetCurrentInstant() + after, ct => PickAsync(agent, ct));
    }

    /// <summary>
    /// Manual selection: the agent clicks the conversation they were alerted about ("Take it"); if someone was first,
    /// or there was no alert, they open "Queued Chats" and take the oldest conversation nobody took first.
    /// </summary>
    private async ValueTask PickAsync(AgentId agent, CancellationToken cancellationToken)
    {
        _pickPending.Remove(agent, out var alertedAbout);
        if (alertedAbout is { } alerted)
        {
            // Refused because it moved on (taken, even put on hold, or closed): on to the queue; because the agent is full: done.
            var taken = await _conversations.TakeAsync(alerted, agent, cancellationToken).ConfigureAwait(false);
            if (taken.Succeeded || taken.Error.Code is OperationErrorCode.AtCapacity or OperationErrorCode.AgentNotAvailable)
            {
                return;
            }
        }

        var queued = await _conversations.ListQueuedAsync(agent, cancellationToken).ConfigureAwait(false);
        if (!Expect(queued))
        {
            return;
        }

        foreach (var conversation in queued.Value!)
        {
            var taken = await _conversations.TakeAsync(conversation.Id, agent, cancellationToken).ConfigureAwait(false);
            if (taken.Succeeded)
            {
                if (queued.Value.Count > 1)
                {
                    // More were waiting: the agent looks again (taking fails harmlessly if they are now full).
                    SchedulePick(agent, ReactionTime());
                }

                return;
            }

            if (!TryAnother(taken))
            {
                return;
            }
        }
    }

    /// <summary>After a refused take: true to try another conversation (someone was first), false to stop (the agent is full).</summary>
    private bool TryAnother(OperationResult taken)
    {
        switch (taken.Error!.Code)
        {
            case OperationErrorCode.AlreadyTaken or OperationErrorCode.ConversationClosed:
                return true;
            case OperationErrorCode.AtCapacity or OperationErrorCode.AgentNotAvailable:
                return false;
            default:
                Expect(taken);
                return true;
        }
    }

    private bool Expect(OperationResult result)
    {
        if (result.Succeeded)
        {
            return true;
        }

        UnexpectedRefusals++;
        if (_refusalSamples.Count < 5)
        {
            _refusalSamples.Add(result.Error.Message);
        }

        return false;
    }
}
