using FsCheck;
using FsCheck.Experimental;
using FsCheck.Fluent;
using Omnichannel.Agents;
using Omnichannel.Conversations;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>Generates random sequences of operations by random actors on the desk, from the model's current state.</summary>
internal sealed class DeskMachine : Machine<DeskUnderTest, DeskModel>
{
    private static readonly AgentId[] Agents = [.. DeskWorld.Agents.Select(a => a.Id)];
    private static readonly AgentId[] ForwardTargets = [.. Agents, DeskWorld.NotAnAgent, DeskWorld.UnknownAgent];
    private static readonly DepartmentId[] Departments = [.. DeskWorld.Departments.Select(d => d.Id)];
    private static readonly DepartmentId[] DepartmentTargets = [.. Departments, DeskWorld.UnknownDepartment];

    /// <summary>How many sequences were run (each starts from a fresh setup).</summary>
    public int Sequences => _sequences;

    private int _sequences;

    public override Arbitrary<Setup<DeskUnderTest, DeskModel>> Setup =>
        Gen.Elements(false, true).Select(countOnHold => (Setup<DeskUnderTest, DeskModel>)new DeskSetup(this, countOnHold)).ToArbitrary();

    public override TearDown<DeskUnderTest> TearDown { get; } = new DeskTearDown();

    public override Gen<Operation<DeskUnderTest, DeskModel>> Next(DeskModel model)
    {
        var agent = Gen.Elements(Agents);
        var arrivals = from contact in Gen.Elements(DeskWorld.Contacts)
                       from department in Gen.Elements(Departments)
                       select DeskOperation.Receive(contact, department);
        // Mostly back to Available, so that agents are not away for most of a sequence.
        var status = Gen.Frequency((3, Gen.Constant(AgentStatus.Available)), (1, Gen.Constant(AgentStatus.Away)), (1, Gen.Constant(AgentStatus.Offline)));
        var statusChanges = from a in agent
                            from s in status
                            select DeskOperation.SetStatus(a, s);
        if (model.Conversations.IsEmpty)
        {
            return Gen.Frequency((4, arrivals), (1, statusChanges)).Select(o => (Operation<DeskUnderTest, DeskModel>)o);
        }

        // Mostly conversations where the operation can do something (closed ones pile up and would make most steps
        // trivial refusals), sometimes any conversation at all.
        var any = Gen.Choose(0, model.Conversations.Count - 1);
        Gen<int> Preferring(Func<ModelConversation, bool> useful)
        {
            var candidates = Enumerable.Range(0, model.Conversations.Count).Where(i => useful(model.Conversations[i])).ToArray();
            return candidates.Length == 0 ? any : Gen.Frequency((9, Gen.Elements(candidates)), (1, any));
        }

        var conversation = Preferring(c => c.IsOpen);
        var queued = Preferring(c => c.State == ConversationState.Queued);
        var served = Preferring(c => c.IsOpen && c.Serving is not null);
        var contactOf = conversation.SelectMany(k => Gen.Frequency(
            (4, Gen.Constant(model.Conversations[k].Contact)),
            (1, Gen.Elements(DeskWorld.Contacts))).Select(contact => (k, contact)));

        // Mostly the serving agent acts (otherwise nearly every step would be a NotServingAgent refusal), sometimes anyone.
        Gen<AgentId> ActorFor(int k) => model.Conversations[k].Serving is { } serving ? Gen.Frequency((3, Gen.Constant(serving)), (2, agent)) : agent;

        Gen<DeskOperation> ByAgent(Gen<int> conversations, Func<AgentId, int, DeskOperation> operation) =>
            from k in conversations
            from a in ActorFor(k)
            select operation(a, k);

        return Gen.Frequency(
            (5, arrivals),
            (4, ByAgent(queued, DeskOperation.Take)),
            (1, ByAgent(queued, DeskOperation.Assign)),
            (2, ByAgent(served, DeskOperation.ReturnToQueue)),
            (2, from k in served from a in ActorFor(k) from t in Gen.Elements(ForwardTargets) select DeskOperation.ForwardToAgent(a, k, t)),
            (2, from k in served from a in ActorFor(k) from d in Gen.Elements(DepartmentTargets) select DeskOperation.ForwardToDepartment(a, k, d)),
            (1, from k in queued from a in ActorFor(k) from t in Gen.Elements(ForwardTargets) select DeskOperation.ForwardToAgent(a, k, t)),
            (1, from k in queued from a in ActorFor(k) from d in Gen.Elements(DepartmentTargets) select DeskOperation.ForwardToDepartment(a, k, d)),
            (3, ByAgent(served, DeskOperation.PlaceOnHold)),
            (2, ByAgent(served, DeskOperation.Resume)),
            (5, ByAgent(served, DeskOperation.AgentWrites)),
            (1, conversation.Select(DeskOperation.SystemWrites)),
            (1, conversation.Select(DeskOperation.BotWrites)),
            (2, from k in served from a in ActorFor(k) from tag in Gen.Elements(DeskWorld.Tags) select DeskOperation.CloseByAgent(a, k, tag)),
            (1, contactOf.Select(x => DeskOperation.CloseByContact(x.contact, x.k))),
            (1, conversation.Select(DeskOperation.CloseBySystem)),
            (2, statusChanges))
            .Select(o => (Operation<DeskUnderTest, DeskModel>)o);
    }

    private sealed class DeskSetup(DeskMachine machine, bool countOnHold) : Setup<DeskUnderTest, DeskModel>
    {
        public override DeskUnderTest Actual()
        {
            Interlocked.Increment(ref machine._sequences);
            return DeskUnderTest.Create(countOnHold);
        }

        public override DeskModel Model() => DeskModel.Initial(countOnHold);

        public override string ToString() => $"Desk(CountOnHoldTowardCapacity = {countOnHold})";
    }

    private sealed class DeskTearDown : TearDown<DeskUnderTest>
    {
        public override void Actual(DeskUnderTest actual) => actual.Dispose();
    }
}
