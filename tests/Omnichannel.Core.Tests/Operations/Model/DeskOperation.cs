using FsCheck;
using FsCheck.Fluent;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using static Omnichannel.Core.Tests.TestSupport.Synchronously;
using ModelOperation = FsCheck.Experimental.Operation<Omnichannel.Core.Tests.Operations.Model.DeskUnderTest, Omnichannel.Core.Tests.Operations.Model.DeskModel>;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>
/// One step of a generated sequence: <see cref="Run"/> predicts it on the model, <see cref="Check"/> performs it on
/// the real services, compares the answer with the prediction and then checks every invariant.
/// </summary>
internal sealed class DeskOperation(string name, int? conversation, Func<DeskModel, DeskModel> predict, Func<DeskUnderTest, Observed> perform)
    : ModelOperation
{
    public override bool Pre(DeskModel model) => conversation is not { } index || index < model.Conversations.Count;

    public override DeskModel Run(DeskModel model) => predict(model);

    public override Property Check(DeskUnderTest actual, DeskModel model)
    {
        actual.Desk.Clock.Advance(Duration.FromSeconds(1));
        var observed = perform(actual);
        var expected = model.Expected;
        Assert.True(expected.Error == observed.Error?.Code, $"{this}: expected {expected} but the service answered {observed.Error?.ToString() ?? "ok"}.");
        Assert.True(expected.ForwardFailure == observed.ForwardFailure, $"{this}: expected {expected} but the forward ended with {observed.ForwardFailure?.ToString() ?? "success"}.");
        if (expected.Conversation is { } expectedIndex && expected.Created)
        {
            actual.Created(expectedIndex, observed.Conversation!.Value);
        }
        else if ((expected.Conversation ?? conversation) is { } index && observed.Conversation is { } id)
        {
            Assert.True(actual.Id(index) == id, $"{this}: the service answered with conversation '{id}', not #{index} '{actual.Id(index)}'.");
        }

        actual.CheckInvariants(model);
        return true.ToProperty();
    }

    public override string ToString() => name;

    public static DeskOperation Receive(ContactId contact, DepartmentId department) => new(
        $"Receive({contact}, {department})", null,
        m => m.Receive(contact, department),
        d => Observed.From(Wait(d.Desk.Conversations.ReceiveContactMessageAsync(contact, department, "Hello"))));

    public static DeskOperation Take(AgentId agent, int k) => new(
        $"Take({agent}, #{k})", k, m => m.Take(agent, k),
        d => Observed.From(Wait(d.Desk.Conversations.TakeAsync(d.Id(k), agent))));

    public static DeskOperation Assign(AgentId agent, int k) => new(
        $"Assign({agent}, #{k})", k, m => m.Take(agent, k),
        d => Observed.From(Wait(d.Desk.Conversations.AssignAsync(d.Id(k), agent))));

    public static DeskOperation ReturnToQueue(AgentId agent, int k) => new(
        $"ReturnToQueue({agent}, #{k})", k, m => m.ReturnToQueue(agent, k),
        d => Observed.From(Wait(d.Desk.Conversations.ReturnToQueueAsync(d.Id(k), Actor.Agent(agent)))));

    public static DeskOperation ForwardToAgent(AgentId agent, int k, AgentId target) => new(
        $"Forward({agent}, #{k}, to agent {target})", k, m => m.ForwardToAgent(agent, k, target),
        d => Observed.From(Wait(d.Desk.Conversations.ForwardAsync(d.Id(k), agent, ForwardTarget.ToAgent(target)))));

    public static DeskOperation ForwardToDepartment(AgentId agent, int k, DepartmentId target) => new(
        $"Forward({agent}, #{k}, to department {target})", k, m => m.ForwardToDepartment(agent, k, target),
        d => Observed.From(Wait(d.Desk.Conversations.ForwardAsync(d.Id(k), agent, ForwardTarget.ToDepartment(target)))));

    public static DeskOperation PlaceOnHold(AgentId agent, int k) => new(
        $"Hold({agent}, #{k})", k, m => m.PlaceOnHold(agent, k),
        d => Observed.From(Wait(d.Desk.Conversations.PlaceOnHoldAsync(d.Id(k), agent))));

    public static DeskOperation Resume(AgentId agent, int k) => new(
        $"Resume({agent}, #{k})", k, m => m.Resume(agent, k),
        d => Observed.From(Wait(d.Desk.Conversations.ResumeAsync(d.Id(k), agent))));

    public static DeskOperation AgentWrites(AgentId agent, int k) => new(
        $"AgentWrites({agent}, #{k})", k, m => m.PostAgentMessage(agent, k),
        d => Observed.From(Wait(d.Desk.Conversations.PostAgentMessageAsync(d.Id(k), agent, "Answer"))));

    public static DeskOperation SystemWrites(int k) => new(
        $"SystemWrites(#{k})", k, m => m.PostAutomatedMessage(k, AuthorKind.System),
        d => Observed.From(Wait(d.Desk.Conversations.PostSystemMessageAsync(d.Id(k), "Note"))));

    public static DeskOperation BotWrites(int k) => new(
        $"BotWrites(#{k})", k, m => m.PostAutomatedMessage(k, AuthorKind.Bot),
        d => Observed.From(Wait(d.Desk.Conversations.PostBotMessageAsync(d.Id(k), "bot", "Beep"))));

    public static DeskOperation CloseByAgent(AgentId agent, int k, string? tag) => new(
        $"Close({agent}, #{k}, tag {tag ?? "none"})", k, m => m.CloseByAgent(agent, k, tag),
        d => Observed.From(Wait(d.Desk.Conversations.CloseAsync(d.Id(k), Actor.Agent(agent), new CloseRequest { Tags = tag is null ? [] : [tag] }))));

    public static DeskOperation CloseByContact(ContactId contact, int k) => new(
        $"Close({contact}, #{k})", k, m => m.CloseByContactOrSystem(contact, k),
        d => Observed.From(Wait(d.Desk.Conversations.CloseAsync(d.Id(k), Actor.Contact(contact)))));

    public static DeskOperation CloseBySystem(int k) => new(
        $"Close(system, #{k})", k, m => m.CloseByContactOrSystem(null, k),
        d => Observed.From(Wait(d.Desk.Conversations.CloseAsync(d.Id(k), Actor.System))));

    public static DeskOperation SetStatus(AgentId agent, AgentStatus status) => new(
        $"SetStatus({agent}, {status})", null, m => m.SetStatus(agent, status),
        d => Observed.From(Wait(d.Desk.Agents.SetStatusAsync(agent, status))));
}
