using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Conversations;
using Omnichannel.Storage;
using Xunit.Sdk;

using static Omnichannel.Testing.Conformance.ConformanceData;
using Omnichannel.Capacity;
using Omnichannel.Outbox;

namespace Omnichannel.Testing.Conformance;

/// <summary>The model-based layer: random operation sequences compared, step by step, with a reference model.</summary>
public abstract partial class ConversationStoreConformanceTests
{
    private static readonly ConversationState[] AllStates = Enum.GetValues<ConversationState>();

    /// <summary>
    /// How many random operation sequences <see cref="Random_operation_sequences_agree_with_a_reference_model"/>
    /// runs, each against fresh stores. Default: 200. Lower it for an adapter whose stores are slow to create.
    /// </summary>
    protected virtual int ModelSequences => 200;

    /// <summary>The longest generated sequence. Default: 40 steps.</summary>
    protected virtual int MaxModelSequenceLength => 40;

    /// <summary>
    /// Random sequences of first messages, takes with capacity claims, holds, forwards, returns to the queue,
    /// closes (with outbox jobs), department moves, stale writes, counts and queries by three contacts, two
    /// departments and two agents: after every step the store answers exactly as a reference model of the rules
    /// does, and at the end every conversation and its jobs are as the model says. FsCheck shrinks a failing
    /// sequence to a short one and reports it.
    /// </summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public Task Random_operation_sequences_agree_with_a_reference_model()
    {
        var property = Prop.ForAll(ModelStep.Sequences(MaxModelSequenceLength), RunModelSequenceAsync);

        // Off xunit's synchronization context: FsCheck waits for each asynchronous run on the calling thread.
        return Task.Run(() => Check.One(Config.QuickThrowOnFailure.WithMaxTest(ModelSequences), property));
    }

    private async Task RunModelSequenceAsync(ModelStep[] steps)
    {
        var storage = await CreateStorageAsync();
        var model = new ConversationStoreModel();
        for (var i = 0; i < steps.Length; i++)
        {
            try
            {
                await RunModelStepAsync(storage, model, steps[i], i);
            }
            catch (Exception exception) when (exception is XunitException or ConcurrencyConflictException or CapacityExceededException)
            {
                throw new XunitException($"Step {i + 1} of {steps.Length}, {steps[i]}: {exception.GetType().Name}: {exception.Message}");
            }
        }

        foreach (var expected in model.Rows)
        {
            Equivalence.AssertEquivalent(expected, await storage.Conversations.GetAsync(expected.Id, None));
            Assert.Equal(model.JobsOf(expected.Id), (await storage.Outbox.ListByConversationAsync(expected.Id, None)).Count);
        }

        var stored = new List<Conversation>();
        for (var contact = 0; contact < ModelStep.Contacts; contact++)
        {
            stored.AddRange(await storage.Conversations.QueryAsync(new ConversationQuery { ContactId = new ContactId($"k-{contact}") }, None));
        }

        Assert.All(stored.Where(c => c.IsOpen).GroupBy(c => (c.ContactId, c.DepartmentId)), open => Assert.Single(open));
    }

    private static async Task RunModelStepAsync(ConversationStorage storage, ConversationStoreModel model, ModelStep step, int index)
    {
        var store = storage.Conversations;
        var department = new DepartmentId($"d-{step.Department}");
        var agent = new AgentId($"a-{step.Agent}");
        switch (step.Kind)
        {
            case ModelStepKind.Open:
                await OpenAsync(store, model, NewConversation($"m-{model.Count}", $"k-{step.Contact}", department.Value, At(model.Count / 2)));
                return;
            case ModelStepKind.Count:
                var countIn = step.QueryBy == 0 ? (DepartmentId?)null : department;
                Assert.Equal(model.Served(agent, countIn, step.CountOnHold), await store.CountServedAsync(agent, countIn, step.CountOnHold, None));
                return;
            case ModelStepKind.Query:
                var query = new ConversationQuery
                {
                    DepartmentId = step.QueryBy == 0 ? department : null,
                    ServingAgentId = step.QueryBy == 1 ? agent : null,
                    ContactId = step.QueryBy == 2 ? new ContactId($"k-{step.Contact}") : null,
                    States = step.StateMask == 31 ? null : AllStates.Where(s => (step.StateMask & (1 << (int)s)) != 0).ToArray(),
                };
                Assert.Equal(model.Query(query), (await store.QueryAsync(query, None)).Select(c => c.Id));
                return;
        }

        if (model.Resolve(step.Conversation) is not { } current || ModelWrite(current, step, index) is not { } write)
        {
            return;
        }

        var expected = model.Predict(write);
        var (actual, stored) = await TrySaveAsync(store, write);
        Assert.True(expected == actual, $"the model expected {expected}, the store answered {actual}.");
        if (stored is not null)
        {
            Equivalence.AssertEquivalent(write.Conversation.WithVersion(current.Version + 1), stored);
            model.Apply(stored, write.Outbox?.Count ?? 0);
        }
        else
        {
            Equivalence.AssertEquivalent(current, await store.GetAsync(current.Id, None));
        }
    }

    private static async Task OpenAsync(IConversationStore store, ConversationStoreModel model, Conversation candidate)
    {
        var open = model.OpenOf(candidate.ContactId, candidate.DepartmentId);
        var (stored, created) = await store.CreateOrGetOpenAsync(FirstWrite(candidate), None);
        Assert.True(created == open is null, open is null ? "the contact has no open conversation there, yet none was created." : $"conversation '{open.Id}' is open, yet another was created.");
        Equivalence.AssertEquivalent(open ?? candidate.WithVersion(1), stored);
        if (created)
        {
            model.Add(stored);
        }
    }

    /// <summary>The write a step makes of <paramref name="current"/>, or null when the step does not apply to it.</summary>
    private static ConversationWrite? ModelWrite(Conversation current, ModelStep step, int index)
    {
        OutboxMessage[]? job = step.WithJob ? [NewJob($"j-{index}", current.Id)] : null;
        if (!current.IsOpen && step.Kind != ModelStepKind.Stale)
        {
            return null;
        }

        return step.Kind switch
        {
            ModelStepKind.Take => new ConversationWrite(
                Taken(current, $"a-{step.Agent}"),
                Claim($"a-{step.Agent}", current.DepartmentId.Value, step.AgentLimit, step.DepartmentLimit, step.CountOnHold),
                job),
            ModelStepKind.Hold when current.ServingAgentId is not null => new ConversationWrite(InState(current, ConversationState.OnHold)),
            ModelStepKind.Forward when current.ServingAgentId is not null => new ConversationWrite(InState(current, ConversationState.Forwarded)),
            ModelStepKind.Requeue => new ConversationWrite(current with { State = ConversationState.Queued, ServingAgentId = null, PreviousAgentId = current.ServingAgentId }),
            ModelStepKind.Close => new ConversationWrite(Closed(current), Outbox: job),
            ModelStepKind.Move when current.DepartmentId.Value != $"d-{step.Department}" => new ConversationWrite(current with { DepartmentId = new DepartmentId($"d-{step.Department}") }),
            ModelStepKind.Stale => new ConversationWrite(current with { Topic = "stale", Version = current.Version > 1 ? current.Version - 1 : current.Version + 1 }),
            _ => null,
        };
    }

    private static async Task<(ModelOutcome Outcome, Conversation? Stored)> TrySaveAsync(IConversationStore store, ConversationWrite write)
    {
        try
        {
            return (ModelOutcome.Stored, await store.SaveAsync(write, None));
        }
        catch (ConcurrencyConflictException)
        {
            return (ModelOutcome.Conflict, null);
        }
        catch (CapacityExceededException)
        {
            return (ModelOutcome.AtCapacity, null);
        }
    }
}
