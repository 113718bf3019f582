using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Stateless;

namespace Omnichannel.Core.Tests.Lifecycle;

/// <summary>The compiled table the operations use must decide exactly as the Stateless definition it was compiled from.</summary>
public sealed class LifecycleTableTests
{
    /// <summary>Conversations that meet or miss every guard: who wrote last decides the hold guard.</summary>
    private static readonly AuthorKind?[] LastAuthors = [null, AuthorKind.Contact, AuthorKind.Agent, AuthorKind.System, AuthorKind.Bot];

    public static TheoryData<ConversationState, ConversationTrigger> EveryStateAndTrigger()
    {
        var data = new TheoryData<ConversationState, ConversationTrigger>();
        foreach (var state in Enum.GetValues<ConversationState>())
        {
            foreach (var trigger in Enum.GetValues<ConversationTrigger>())
            {
                data.Add(state, trigger);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStateAndTrigger))]
    public void Table_agrees_with_the_Stateless_machine_for_every_guard_outcome(ConversationState state, ConversationTrigger trigger)
    {
        var parameterized = new StateMachine<ConversationState, ConversationTrigger>.TriggerWithParameters<Conversation>(trigger);
        foreach (var lastAuthor in LastAuthors)
        {
            var conversation = ConversationIn(state, lastAuthor);
            var machine = ConversationLifecycle.CreateMachine(state);
            var decision = ConversationLifecycle.Table.Decide(conversation, trigger);
            var because = $"{state} --{trigger}--> with last author {lastAuthor?.ToString() ?? "none"}";

            var canFire = machine.CanFire(parameterized, conversation, out var reported);
            var unmetGuards = reported ?? [];
            Assert.True(canFire == decision.IsPermitted, $"{because}: Stateless says {canFire}, the table says {decision.IsPermitted}.");
            if (canFire)
            {
                machine.Fire(parameterized, conversation);
                Assert.True(machine.State == decision.Destination, $"{because}: Stateless goes to {machine.State}, the table to {decision.Destination}.");
                continue;
            }

            Assert.Throws<InvalidOperationException>(() => machine.Fire(parameterized, conversation));
            Assert.Equal(state, machine.State);
            if (decision.UnmetGuard is { } guard)
            {
                Assert.True(unmetGuards.Contains(guard.Description), $"{because}: Stateless reports unmet guards [{string.Join(", ", unmetGuards)}], the table '{guard.Description}'.");
            }
            else
            {
                Assert.True(unmetGuards.Count == 0, $"{because}: Stateless reports unmet guards [{string.Join(", ", unmetGuards)}] but the table none.");
            }
        }
    }

    [Fact]
    public void Closed_permits_no_trigger()
    {
        foreach (var trigger in Enum.GetValues<ConversationTrigger>())
        {
            foreach (var lastAuthor in LastAuthors)
            {
                Assert.False(ConversationLifecycle.Table.Decide(ConversationIn(ConversationState.Closed, lastAuthor), trigger).IsPermitted, $"Closed --{trigger}-->");
            }
        }
    }

    [Fact]
    public void Every_open_state_may_close()
    {
        foreach (var state in Enum.GetValues<ConversationState>().Where(s => s != ConversationState.Closed))
        {
            var decision = ConversationLifecycle.Table.Decide(ConversationIn(state, lastAuthor: null), ConversationTrigger.Close);
            Assert.True(decision.IsPermitted, $"{state} cannot close");
            Assert.Equal(ConversationState.Closed, decision.Destination);
        }
    }

    [Fact]
    public void Hold_needs_the_agent_to_have_written_last()
    {
        var unmet = ConversationLifecycle.Table.Decide(ConversationIn(ConversationState.Taken, AuthorKind.Contact), ConversationTrigger.PlaceOnHold);
        var met = ConversationLifecycle.Table.Decide(ConversationIn(ConversationState.Taken, AuthorKind.Agent), ConversationTrigger.PlaceOnHold);

        Assert.False(unmet.IsPermitted);
        Assert.Same(LifecycleGuard.AgentSentLastMessage, unmet.UnmetGuard);
        Assert.Equal(ConversationState.OnHold, met.Destination);
    }

    private static Conversation ConversationIn(ConversationState state, AuthorKind? lastAuthor) => new()
    {
        Id = new ConversationId("c-1"),
        ContactId = new ContactId("dave"),
        DepartmentId = new DepartmentId("support"),
        State = state,
        ServingAgentId = state is ConversationState.Queued ? null : new AgentId("alice"),
        LastAuthorKind = lastAuthor,
        CreatedAt = Instant.FromUtc(2025, 1, 6, 9, 0),
        QueuedAt = Instant.FromUtc(2025, 1, 6, 9, 0),
    };
}
