using System.Collections.Immutable;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using static Omnichannel.Conversations.ConversationState;
using static Omnichannel.Operations.OperationErrorCode;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>
/// A deliberately simple model of the desk: agents' statuses and, per conversation (numbered in creation order),
/// its contact, department, state, serving agent and last author. Each operation returns the next model with the
/// outcome the service must answer. The rules are written from the issue and DOMAIN.md, in the order the service
/// checks them, so that the expected refusal code is exact.
/// </summary>
internal sealed record DeskModel(
    bool CountOnHold,
    ImmutableDictionary<AgentId, AgentStatus> Statuses,
    ImmutableList<ModelConversation> Conversations,
    ExpectedOutcome Expected)
{
    public static DeskModel Initial(bool countOnHold) => new(
        countOnHold,
        DeskWorld.Agents.ToImmutableDictionary(a => a.Id, a => a.Status),
        [],
        ExpectedOutcome.Success);

    public override string ToString() =>
        $"onHoldCounts={CountOnHold} [{string.Join(", ", Statuses.OrderBy(s => s.Key.Value, StringComparer.Ordinal).Select(s => $"{s.Key}:{s.Value}"))}] " +
        $"[{string.Join(", ", Conversations.Select((c, i) => $"#{i} {c}"))}] -> {Expected}";

    public int OpenIndex(ContactId contact, DepartmentId department) =>
        Conversations.FindIndex(c => c.IsOpen && c.Contact == contact && c.Department == department);

    public DeskModel Receive(ContactId contact, DepartmentId department)
    {
        var index = OpenIndex(contact, department);
        if (index < 0)
        {
            // The anchor's default: no new conversation while nobody of the department is online (Available).
            if (!DeskWorld.Agents.Any(a => a.Departments.Contains(department) && Statuses[a.Id] == AgentStatus.Available))
            {
                return Refuse(Offline);
            }

            return this with
            {
                Conversations = Conversations.Add(new ModelConversation(contact, department, Queued, null, AuthorKind.Contact)),
                Expected = new ExpectedOutcome(null, Conversation: Conversations.Count, Created: true),
            };
        }

        var current = Conversations[index] with { LastAuthor = AuthorKind.Contact };
        if (current.State == OnHold)
        {
            // The same agent first, if they can serve it now; otherwise the queue.
            var agent = current.Serving!.Value;
            current = Statuses[agent] == AgentStatus.Available && DeskWorld.Agent(agent).Departments.Contains(current.Department) && HasRoom(agent, current.Department, index)
                ? current with { State = Taken }
                : current with { State = Queued, Serving = null };
        }

        return Store(index, current) with { Expected = new ExpectedOutcome(null, Conversation: index) };
    }

    /// <summary>"Take it", or routing's assignment: the same rules.</summary>
    public DeskModel Take(AgentId agent, int index)
    {
        var c = Conversations[index];
        return Statuses[agent] != AgentStatus.Available ? Refuse(AgentNotAvailable)
            : c.State == Taken ? Refuse(AlreadyTaken)
            : c.State == Closed ? Refuse(ConversationClosed)
            : c.State != Queued ? Refuse(InvalidTransition)
            : !DeskWorld.Agent(agent).Departments.Contains(c.Department) ? Refuse(NotDepartmentMember)
            : !HasRoom(agent, c.Department, index) ? Refuse(AtCapacity)
            : Store(index, c with { State = Taken, Serving = agent });
    }

    public DeskModel ReturnToQueue(AgentId agent, int index)
    {
        var c = Conversations[index];
        return c.State == Closed ? Refuse(ConversationClosed)
            : c.State != Taken ? Refuse(InvalidTransition)
            : !MayAct(agent, c) ? Refuse(NotServingAgent)
            : Store(index, c with { State = Queued, Serving = null });
    }

    public DeskModel ForwardToAgent(AgentId agent, int index, AgentId target) =>
        Forward(agent, index, c => ResolveForwardToAgent(index, c, target));

    public DeskModel ForwardToDepartment(AgentId agent, int index, DepartmentId target) =>
        Forward(agent, index, c => ResolveForwardToDepartment(c, target, agent));

    public DeskModel PlaceOnHold(AgentId agent, int index)
    {
        var c = Conversations[index];
        return !MayAct(agent, c) ? Refuse(NotServingAgent)
            : c.State == Closed ? Refuse(ConversationClosed)
            : c.State != Taken ? Refuse(InvalidTransition)
            : c.LastAuthor != AuthorKind.Agent ? Refuse(GuardNotMet)
            : Store(index, c with { State = OnHold });
    }

    public DeskModel Resume(AgentId agent, int index)
    {
        var c = Conversations[index];
        return Statuses[agent] != AgentStatus.Available ? Refuse(AgentNotAvailable)
            : !MayAct(agent, c) ? Refuse(NotServingAgent)
            : c.State == Closed ? Refuse(ConversationClosed)
            : c.State != OnHold ? Refuse(InvalidTransition)
            : !HasRoom(agent, c.Department, index) ? Refuse(AtCapacity)
            : Store(index, c with { State = Taken, Serving = agent });
    }

    public DeskModel PostAgentMessage(AgentId agent, int index)
    {
        var c = Conversations[index];
        return !MayAct(agent, c) ? Refuse(NotServingAgent)
            : c.State == Closed ? Refuse(ConversationClosed)
            : c.State != Taken ? Refuse(InvalidTransition)
            : Store(index, c with { LastAuthor = AuthorKind.Agent });
    }

    /// <summary>A system message (does not change who wrote last) or a bot's.</summary>
    public DeskModel PostAutomatedMessage(int index, AuthorKind kind)
    {
        var c = Conversations[index];
        return c.State == Closed ? Refuse(ConversationClosed)
            : Store(index, kind == AuthorKind.System ? c : c with { LastAuthor = kind });
    }

    public DeskModel CloseByAgent(AgentId agent, int index, string? tag)
    {
        var c = Conversations[index];
        if (c.State == Closed)
        {
            return Refuse(ConversationClosed);
        }

        if (!MayAct(agent, c))
        {
            return Refuse(NotServingAgent);
        }

        var department = DeskWorld.Department(c.Department)!;
        var tags = tag is null ? department.DefaultClosingTags : [tag];
        return tags.Any(t => !department.ClosingTags.Contains(t)) ? Refuse(TagNotOffered)
            : tags.IsEmpty && department.RequireTagsOnClose ? Refuse(TagsRequired)
            : Store(index, c with { State = Closed });
    }

    /// <summary>A contact or the system closes (never refused for tags).</summary>
    public DeskModel CloseByContactOrSystem(ContactId? contact, int index)
    {
        var c = Conversations[index];
        return c.State == Closed ? Refuse(ConversationClosed)
            : contact is { } k && k != c.Contact ? Refuse(NotPermitted)
            : Store(index, c with { State = Closed });
    }

    public DeskModel SetStatus(AgentId agent, AgentStatus status) =>
        this with { Statuses = Statuses.SetItem(agent, status), Expected = ExpectedOutcome.Success };

    /// <summary>Counted like a capacity claim: conversations the agent serves that occupy them, except the one being written.</summary>
    public bool HasRoom(AgentId agent, DepartmentId department, int except)
    {
        var agentLoad = 0;
        var departmentLoad = 0;
        for (var i = 0; i < Conversations.Count; i++)
        {
            var c = Conversations[i];
            if (i != except && c.Serving == agent && Occupies(c.State))
            {
                agentLoad++;
                departmentLoad += c.Department == department ? 1 : 0;
            }
        }

        var agentLimit = DeskWorld.Agent(agent).MaxSimultaneousConversations;
        var departmentLimit = DeskWorld.Department(department)!.MaxChatsPerAgent;
        return (agentLimit <= 0 || agentLoad < agentLimit) && (departmentLimit <= 0 || departmentLoad < departmentLimit);
    }

    public bool Occupies(ConversationState state) => state is Taken or Forwarded || (state == OnHold && CountOnHold);

    private DeskModel Forward(AgentId agent, int index, Func<ModelConversation, (ModelConversation? Done, ForwardFailureReason? Failure)> resolve)
    {
        var c = Conversations[index];
        if (!MayAct(agent, c))
        {
            return Refuse(NotServingAgent);
        }

        // Taken, or (since session 9) Queued: a manager forwards a conversation nobody serves; a failure leaves it queued.
        if (c.State is not (Taken or Queued))
        {
            return Refuse(c.State == Closed ? ConversationClosed : InvalidTransition);
        }

        var (done, failure) = resolve(c);
        return failure is { } reason
            ? this with { Expected = new ExpectedOutcome(null, ForwardFailure: reason) }
            : Store(index, done!);
    }

    private (ModelConversation?, ForwardFailureReason?) ResolveForwardToDepartment(ModelConversation c, DepartmentId target, AgentId forwarder)
    {
        // "Anyone else available": the serving agent gives it away; a queued conversation's forwarding manager too.
        var leaving = c.Serving ?? forwarder;
        var source = DeskWorld.Department(c.Department)!;
        return target == c.Department ? (null, ForwardFailureReason.SameAsSource)
            : DeskWorld.Department(target) is null ? (null, ForwardFailureReason.Unknown)
            : !source.MayForwardTo(target) || OpenIndex(c.Contact, target) >= 0 ? (null, ForwardFailureReason.NotAllowed)
            : !DeskWorld.Department(target)!.AcceptForwardsWhenNobodyOnline && !DeskWorld.Agents.Any(a => a.Id != leaving && a.Departments.Contains(target)
                && Statuses[a.Id] == AgentStatus.Available && a.IsOmnichannelAgent && a.Has(AgentPermissions.TakeConversation)) ? (null, ForwardFailureReason.NobodyAvailable)
            : (c with { Department = target, State = Queued, Serving = null }, null);
    }

    private (ModelConversation?, ForwardFailureReason?) ResolveForwardToAgent(int index, ModelConversation c, AgentId target)
    {
        if (target == c.Serving)
        {
            return (null, ForwardFailureReason.SameAsSource);
        }

        if (target == DeskWorld.UnknownAgent)
        {
            return (null, ForwardFailureReason.Unknown);
        }

        if (target == DeskWorld.NotAnAgent)
        {
            return (null, ForwardFailureReason.NotAllowed);
        }

        if (Statuses[target] != AgentStatus.Available)
        {
            return (null, ForwardFailureReason.TargetOffline);
        }

        var source = DeskWorld.Department(c.Department)!;
        var departments = DeskWorld.Agent(target).Departments;
        var department = departments.Contains(c.Department) ? c.Department
            : departments.Where(source.MayForwardTo).OrderBy(d => d.Value, StringComparer.Ordinal).FirstOrDefault();
        if (department == default || (department != c.Department && OpenIndex(c.Contact, department) >= 0))
        {
            return (null, ForwardFailureReason.NotAllowed);
        }

        return HasRoom(target, department, index)
            ? (c with { Department = department, Serving = target, State = Taken }, null)
            : (null, ForwardFailureReason.TargetAtCapacity);
    }

    /// <summary>The serving agent, or a manager of the conversation's department.</summary>
    private static bool MayAct(AgentId agent, ModelConversation c)
    {
        var spec = DeskWorld.Agent(agent);
        return c.Serving == agent || (spec.Roles.HasFlag(AgentRoles.Manager) && spec.Departments.Contains(c.Department));
    }

    private DeskModel Store(int index, ModelConversation next) =>
        this with { Conversations = Conversations.SetItem(index, next), Expected = ExpectedOutcome.Success };

    private DeskModel Refuse(OperationErrorCode code) => this with { Expected = ExpectedOutcome.Refused(code) };
}
