using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The system messages of the lifecycle (the anchor writes one for every step: an agent joined, placed on hold, resumed,
/// returned to the queue, closed) are stored by the same atomic write as the state change, through
/// <see cref="IConversationService"/> and the adapter's stores, and never count as anyone's answer: who wrote last (the hold
/// guard) and the response times are the contact's and the agents' alone. An adapter's test project inherits this class and
/// implements <see cref="CreateServicesAsync"/>.
/// </summary>
/// <remarks>xunit creates one instance per test, so instances are not shared between threads.</remarks>
public abstract class LifecycleSystemMessagesConformanceTests
{
    private static readonly DepartmentId Support = new("support");
    private static readonly AgentId Alice = new("alice");
    private static readonly AgentId Bob = new("bob");
    private static readonly ContactId Dave = new("dave");
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// A container over a fresh, empty database with <paramref name="clock"/> registered as <see cref="IClock"/> before
    /// <c>AddOmnichannel(o =&gt; o.AcceptConversationsWithNoAgentsOnline = true)</c> and the adapter, started (schema migrated).
    /// </summary>
    /// <param name="clock">The clock the library must use.</param>
    /// <returns>The container.</returns>
    protected abstract ValueTask<IServiceProvider> CreateServicesAsync(IClock clock);

    /// <summary>A take stores "... joined the conversation" with the take; the contact still waits for an answer.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_take_stores_an_agent_joined_message_with_the_take_and_the_contact_still_waits()
    {
        var desk = await ArrangeAsync();
        var id = await desk.ArriveAsync();

        var taken = (await desk.Service.TakeAsync(id, Alice)).GetValueOrThrow();

        var messages = await desk.StoredMessagesAsync(taken);
        AssertNotice(messages[^1], SystemMessageSources.AgentJoined, "Alice Martin joined the conversation.");
        Assert.Equal(2, messages.Count);
        Assert.Equal(AuthorKind.Contact, taken.LastAuthorKind);
        Assert.Equal(Start, taken.ContactWaitingSince);
        // The contact's message is still the last one that counts: the agent may not put it on hold unanswered.
        Assert.Equal(OperationErrorCode.GuardNotMet, (await desk.Service.PlaceOnHoldAsync(id, Alice)).Error?.Code);
    }

    /// <summary>An assignment by routing stores the same message as a take.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task An_assignment_stores_the_agent_joined_message()
    {
        var desk = await ArrangeAsync();
        var id = await desk.ArriveAsync();

        var assigned = (await desk.Service.AssignAsync(id, Alice)).GetValueOrThrow();

        AssertNotice((await desk.StoredMessagesAsync(assigned))[^1], SystemMessageSources.AgentJoined, "Alice Martin joined the conversation.");
    }

    /// <summary>A refused take writes nothing, no system message either.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_refused_take_stores_no_system_message()
    {
        var desk = await ArrangeAsync();
        var id = await desk.ArriveAsync();
        var taken = (await desk.Service.TakeAsync(id, Alice)).GetValueOrThrow();

        Assert.Equal(OperationErrorCode.AlreadyTaken, (await desk.Service.TakeAsync(id, Bob)).Error?.Code);

        var stored = (await desk.Store.GetAsync(id, None))!;
        Assert.Equal((taken.Version, taken.MessageCount), (stored.Version, stored.MessageCount));
        Assert.Equal(taken.MessageCount, (await desk.StoredMessagesAsync(stored)).Count);
    }

    /// <summary>Hold and resume store their messages; the agent's answer stays the last message that counts, so a second hold is allowed.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Hold_and_resume_store_their_messages_and_the_agent_stays_the_last_author()
    {
        var desk = await ArrangeAsync();
        var id = await desk.ArriveAsync();
        (await desk.Service.TakeAsync(id, Alice)).GetValueOrThrow();
        (await desk.Service.PostAgentMessageAsync(id, Alice, "One moment, please.")).GetValueOrThrow();

        var onHold = (await desk.Service.PlaceOnHoldAsync(id, Alice)).GetValueOrThrow();
        AssertNotice((await desk.StoredMessagesAsync(onHold))[^1], SystemMessageSources.PlacedOnHold, "Alice Martin placed the conversation on hold.");
        Assert.Equal(AuthorKind.Agent, onHold.LastAuthorKind);

        var resumed = (await desk.Service.ResumeAsync(id, Alice)).GetValueOrThrow();
        AssertNotice((await desk.StoredMessagesAsync(resumed))[^1], SystemMessageSources.Resumed, "Alice Martin resumed the conversation.");
        Assert.Equal(AuthorKind.Agent, resumed.LastAuthorKind);

        (await desk.Service.PlaceOnHoldAsync(id, Alice)).GetValueOrThrow();
    }

    /// <summary>A contact's message to an on-hold conversation is stored, then the resume notice, in one write; the contact waits.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_contact_message_to_an_on_hold_conversation_stores_the_message_then_the_resume_notice()
    {
        var desk = await ArrangeAsync();
        var id = await desk.ArriveAsync();
        (await desk.Service.TakeAsync(id, Alice)).GetValueOrThrow();
        (await desk.Service.PostAgentMessageAsync(id, Alice, "One moment, please.")).GetValueOrThrow();
        var onHold = (await desk.Service.PlaceOnHoldAsync(id, Alice)).GetValueOrThrow();
        desk.Clock.Advance(Duration.FromMinutes(5));

        var resumed = (await desk.Service.ReceiveContactMessageAsync(Dave, Support, "Any news?")).GetValueOrThrow();

        Assert.Equal(ConversationState.Taken, resumed.State);
        Assert.Equal(onHold.Version + 1, resumed.Version);
        var messages = await desk.StoredMessagesAsync(resumed);
        Assert.Equal(onHold.MessageCount + 2, messages.Count);
        Assert.Equal((AuthorKind.Contact, "Any news?"), (messages[^2].AuthorKind, messages[^2].Text));
        AssertNotice(messages[^1], SystemMessageSources.Resumed, "The contact wrote again: the conversation left hold.");
        Assert.Equal(AuthorKind.Contact, resumed.LastAuthorKind);
        Assert.Equal(desk.Clock.GetCurrentInstant(), resumed.ContactWaitingSince);
    }

    /// <summary>A return to the queue stores who returned it: the agent by name, or the system.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_return_to_the_queue_stores_who_returned_it()
    {
        var desk = await ArrangeAsync();
        var id = await desk.ArriveAsync();
        (await desk.Service.TakeAsync(id, Alice)).GetValueOrThrow();

        var byAgent = (await desk.Service.ReturnToQueueAsync(id, Actor.Agent(Alice))).GetValueOrThrow();
        AssertNotice((await desk.StoredMessagesAsync(byAgent))[^1], SystemMessageSources.ReturnedToQueue, "Alice Martin moved the conversation back to the queue.");

        (await desk.Service.TakeAsync(id, Bob)).GetValueOrThrow();
        var bySystem = (await desk.Service.ReturnToQueueAsync(id, Actor.System)).GetValueOrThrow();
        AssertNotice((await desk.StoredMessagesAsync(bySystem))[^1], SystemMessageSources.ReturnedToQueue, "The conversation was moved back to the queue.");
        Assert.Equal(AuthorKind.Contact, bySystem.LastAuthorKind);
    }

    /// <summary>A close stores who closed it, the library's reason and the closing comment, with the close.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_close_stores_who_closed_it_and_the_comment()
    {
        var desk = await ArrangeAsync();
        var first = await desk.ArriveAsync();
        (await desk.Service.TakeAsync(first, Alice)).GetValueOrThrow();

        var byAgent = (await desk.Service.CloseAsync(first, Actor.Agent(Alice), new CloseRequest { Comment = "Refund sent." })).GetValueOrThrow();
        AssertNotice((await desk.StoredMessagesAsync(byAgent))[^1], SystemMessageSources.Closed, "Alice Martin closed the conversation. Comment: Refund sent.");

        var second = await desk.ArriveAsync();
        var byContact = (await desk.Service.CloseAsync(second, Actor.Contact(Dave))).GetValueOrThrow();
        AssertNotice((await desk.StoredMessagesAsync(byContact))[^1], SystemMessageSources.Closed, "The contact closed the conversation.");

        var third = await desk.ArriveAsync();
        var bySystem = (await desk.Service.CloseAsync(third, Actor.System, new CloseRequest { Reason = CloseReasons.Abandoned })).GetValueOrThrow();
        AssertNotice((await desk.StoredMessagesAsync(bySystem))[^1], SystemMessageSources.Closed, $"The conversation was closed ({CloseReasons.Abandoned}).");
    }

    /// <summary>Response times run from the contact's message to the agent's answer, not to the take's system message.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task System_messages_are_not_answers_for_the_response_times()
    {
        var desk = await ArrangeAsync();
        var id = await desk.ArriveAsync();
        desk.Clock.Advance(Duration.FromMinutes(1));
        (await desk.Service.TakeAsync(id, Alice)).GetValueOrThrow();
        desk.Clock.Advance(Duration.FromMinutes(2));

        var answered = (await desk.Service.PostAgentMessageAsync(id, Alice, "Hello, how can I help?")).GetValueOrThrow();

        Assert.Equal(Duration.FromMinutes(3), answered.FirstResponseTime);
        Assert.Equal(1, answered.ResponseCount);
        Assert.Null(answered.ContactWaitingSince);
    }

    private static void AssertNotice(Message message, string source, string text) =>
        Assert.Equal((AuthorKind.System, source, text), (message.AuthorKind, message.AuthorId, message.Text));

    private async Task<Desk> ArrangeAsync()
    {
        var clock = new FakeClock(Start);
        var services = await CreateServicesAsync(clock);
        (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        var agents = services.GetRequiredService<IAgentService>();
        (await agents.RegisterAsync(new Agent { Id = Alice, Username = "alice", DisplayName = "Alice Martin", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
        (await agents.RegisterAsync(new Agent { Id = Bob, Username = "bob", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = Dave, Name = "Dave Doe" }, None);
        return new Desk(services.GetRequiredService<IConversationService>(), services.GetRequiredService<IConversationStore>(), clock);
    }

    private sealed record Desk(IConversationService Service, IConversationStore Store, FakeClock Clock)
    {
        public async Task<ConversationId> ArriveAsync() =>
            (await Service.ReceiveContactMessageAsync(Dave, Support, "Hello, my invoice is wrong.")).GetValueOrThrow().Id;

        /// <summary>The stored log, checked against the stored record's count: the messages and the state were one write.</summary>
        public async Task<IReadOnlyList<Message>> StoredMessagesAsync(Conversation conversation)
        {
            var stored = (await Store.GetAsync(conversation.Id, None))!;
            Assert.Equal(conversation.Version, stored.Version);
            var messages = await Store.ReadMessagesAsync(conversation.Id, 0, 1_000, None);
            Assert.Equal(stored.MessageCount, messages.Count);
            Assert.Equal(Enumerable.Range(1, messages.Count), messages.Select(m => m.Sequence));
            return messages;
        }
    }
}
