using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Routing;
using Omnichannel.Storage;
using Omnichannel.Transcripts;

namespace Omnichannel.WebHost;

/// <summary>
/// Reads conversations for the pages. Every agent read starts with <see cref="ViewAsync"/>, the library's own check
/// (<see cref="IConversationService.PreviewAsync"/>: an omnichannel agent of the conversation's department), or the
/// agent being in the conversation (serving or invited, <see cref="Conversation.Involves"/>); only then are the
/// messages read. Core has no service that lists an agent's conversations or reads a message log with a permission
/// check, so those two reads use the storage port (<see cref="IConversationStore"/>) after the check.
/// </summary>
public sealed class ConversationReader(
    IConversationService conversations,
    IConversationStore store,
    IAgentService agents,
    IDepartmentService departments,
    IContactStore contacts,
    IRoutingService routing,
    ITranscriptService transcripts,
    IClock clock)
{
    private const int PreviewLength = 140;
    private static readonly ConversationState[] InProgressStates = [ConversationState.Taken, ConversationState.Forwarded];
    private static readonly ConversationState[] OnHoldStates = [ConversationState.OnHold];
    private static readonly ConversationState[] ClosedStates = [ConversationState.Closed];

    /// <summary>The conversation, if the agent may see it; else the library's refusal.</summary>
    public async Task<(Conversation? Conversation, OperationError? Error)> ViewAsync(ConversationId id, AgentId agent, CancellationToken cancellationToken)
    {
        var preview = await conversations.PreviewAsync(id, agent, cancellationToken);
        if (preview.Succeeded)
        {
            return (preview.Value, null);
        }

        // Invited participants may be outside the department; the library lets them act, so they may read.
        if (preview.Error.Code == OperationErrorCode.NotDepartmentMember
            && await conversations.GetAsync(id, cancellationToken) is { } conversation && conversation.Involves(agent))
        {
            return (conversation, null);
        }

        return (null, preview.Error);
    }

    /// <summary>The messages after a sequence number (at most 2,000).</summary>
    public async Task<IReadOnlyList<MessageView>> MessagesAsync(Conversation conversation, int after, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var names = new Names(agents, contacts);
        var views = new List<MessageView>();
        await foreach (var message in store.StreamMessagesAsync(conversation.Id, Math.Max(0, after), cancellationToken))
        {
            views.Add(new MessageView(
                message.Sequence,
                message.AuthorKind.ToString().ToLowerInvariant(),
                await names.AuthorAsync(message, conversation.ContactId, cancellationToken),
                message.Text,
                message.SentAt.ToDateTimeOffset(),
                [.. message.Attachments.Select(a => new AttachmentView(a.FileName, a.MediaType, a.SizeBytes, a.StorageReference))]));
            if (views.Count == 2_000)
            {
                break;
            }
        }

        return views;
    }

    /// <summary>The conversation panel's data.</summary>
    public async Task<ConversationView> DescribeAsync(Conversation conversation, AgentId me, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var names = new Names(agents, contacts);
        var department = await departments.GetAsync(conversation.DepartmentId, cancellationToken);
        var agent = await agents.GetAsync(me, cancellationToken);
        var room = RoomInformation.From(conversation, clock.GetCurrentInstant());
        var pending = await transcripts.GetPendingEmailRequestAsync(conversation.Id, cancellationToken);
        var position = conversation.State == ConversationState.Queued ? await PositionAsync(conversation, cancellationToken) : null;
        var transfers = new List<TransferView>();
        foreach (var transfer in conversation.Transfers)
        {
            var target = transfer.Target.AgentId is { } targetAgent
                ? await names.AgentAsync(targetAgent, cancellationToken)
                : await DepartmentNameAsync(transfer.Target.DepartmentId!.Value, cancellationToken);
            transfers.Add(new TransferView(await names.AgentAsync(transfer.FromAgentId, cancellationToken), target, transfer.Comment,
                transfer.At.ToDateTimeOffset(), transfer.FailureReason?.ToString()));
        }

        var participants = new List<string>();
        foreach (var participant in conversation.Participants)
        {
            participants.Add(await names.AgentAsync(participant, cancellationToken));
        }

        return new ConversationView
        {
            Id = conversation.Id.Value,
            State = conversation.State.ToString(),
            DepartmentId = conversation.DepartmentId.Value,
            DepartmentName = department?.Name ?? conversation.DepartmentId.Value,
            ContactName = await names.ContactAsync(conversation.ContactId, cancellationToken),
            ServingAgentId = conversation.ServingAgentId?.Value,
            ServingAgentName = conversation.ServingAgentId is { } serving ? await names.AgentAsync(serving, cancellationToken) : null,
            ParticipantNames = participants,
            ServedByMe = conversation.ServingAgentId == me,
            CanManage = agent?.Manages(conversation.DepartmentId) == true,
            CreatedAt = conversation.CreatedAt.ToDateTimeOffset(),
            ClosedAt = conversation.ClosedAt?.ToDateTimeOffset(),
            ClosedBy = conversation.ClosedBy is { } closer ? await names.ActorAsync(closer, conversation.ContactId, cancellationToken) : null,
            Tags = conversation.Tags,
            ClosingComment = conversation.ClosingComment,
            Topic = conversation.Topic,
            Priority = conversation.Priority.ToString(),
            Transfers = transfers,
            LastAuthor = conversation.LastAuthorKind?.ToString().ToLowerInvariant(),
            RequireTagsOnClose = department?.RequireTagsOnClose == true,
            ClosingTags = department is null ? [] : department.ClosingTags,
            DefaultClosingTags = department is null ? [] : department.DefaultClosingTags,
            Room = new RoomView(room.StartedAt.ToDateTimeOffset(), (long)room.QueueTime.TotalSeconds, Seconds(room.FirstResponseTime),
                Seconds(room.AverageResponseTime), (long)room.ChatDuration.TotalSeconds),
            PendingEmail = pending is null ? null : new EmailRequestView(pending.Address, pending.Subject, await names.ActorAsync(pending.RequestedBy, conversation.ContactId, cancellationToken)),
            Position = position?.Position,
            EstimatedWaitSeconds = position is { } p ? (long)p.EstimatedWait.TotalSeconds : null,
            MessageCount = conversation.MessageCount,
        };
    }

    /// <summary>"Queued Chats": the library's list for the agent, with previews and queue positions.</summary>
    public async Task<OperationResult<IReadOnlyList<ConversationListItem>>> QueueAsync(AgentId me, CancellationToken cancellationToken)
    {
        var queued = await conversations.ListQueuedAsync(me, cancellationToken);
        if (!queued.Succeeded)
        {
            return OperationResult<IReadOnlyList<ConversationListItem>>.Failure(queued.Error);
        }

        var positions = new Dictionary<ConversationId, Routing.Queues.QueuePosition>();
        foreach (var department in queued.Value.Select(c => c.DepartmentId).Distinct())
        {
            foreach (var position in await routing.GetQueueAsync(department, cancellationToken))
            {
                positions[position.ConversationId] = position;
            }
        }

        var items = new List<ConversationListItem>();
        foreach (var conversation in queued.Value)
        {
            items.Add(await ListItemAsync(conversation, conversation.QueuedAt, positions.TryGetValue(conversation.Id, out var p) ? p : null, cancellationToken));
        }

        return OperationResult<IReadOnlyList<ConversationListItem>>.Ok(items);
    }

    /// <summary>"Chats in progress" and "On hold": the agent's own open conversations (read through the store: Core has no such list).</summary>
    public async Task<(IReadOnlyList<ConversationListItem> InProgress, IReadOnlyList<ConversationListItem> OnHold)> MineAsync(AgentId me, CancellationToken cancellationToken)
    {
        var inProgress = await store.QueryAsync(new ConversationQuery { ServingAgentId = me, States = InProgressStates }, cancellationToken);
        var onHold = await store.QueryAsync(new ConversationQuery { ServingAgentId = me, States = OnHoldStates }, cancellationToken);
        return (await ListAsync(inProgress, c => c.FirstTakenAt ?? c.QueuedAt, cancellationToken), await ListAsync(onHold, c => c.QueuedAt, cancellationToken));
    }

    /// <summary>The latest closed conversations of the agent's departments (through the store, after the same membership rule as the library's).</summary>
    public async Task<IReadOnlyList<ConversationListItem>> RecentlyClosedAsync(AgentId me, CancellationToken cancellationToken)
    {
        if (await agents.GetAsync(me, cancellationToken) is not { IsOmnichannelAgent: true } agent || !agent.Has(AgentPermissions.ViewQueue))
        {
            return [];
        }

        var closed = new List<Conversation>();
        foreach (var department in agent.Departments)
        {
            closed.AddRange(await store.QueryAsync(new ConversationQuery { DepartmentId = department, States = ClosedStates }, cancellationToken));
        }

        var latest = closed.OrderByDescending(c => c.ClosedAt).Take(10).ToList();
        return await ListAsync(latest, c => c.ClosedAt ?? c.CreatedAt, cancellationToken);
    }

    /// <summary>The visitor's page: their conversation only (the id comes from their token).</summary>
    public async Task<VisitorView> DescribeForVisitorAsync(Conversation conversation, int after, IReadOnlyList<string> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(conversation);
        var names = new Names(agents, contacts);
        var contact = await contacts.GetAsync(conversation.ContactId, cancellationToken);
        var pending = await transcripts.GetPendingEmailRequestAsync(conversation.Id, cancellationToken);
        var position = conversation.State == ConversationState.Queued ? await PositionAsync(conversation, cancellationToken) : null;
        return new VisitorView
        {
            ConversationId = conversation.Id.Value,
            State = conversation.State.ToString(),
            DepartmentName = await DepartmentNameAsync(conversation.DepartmentId, cancellationToken),
            AgentName = conversation.ServingAgentId is { } serving && conversation.State != ConversationState.Queued ? await names.AgentAsync(serving, cancellationToken) : null,
            Position = position?.Position,
            EstimatedWaitSeconds = position is { } p ? (long)p.EstimatedWait.TotalSeconds : null,
            ContactName = contact?.Name ?? "",
            ContactEmail = contact is { Emails.Length: > 0 } ? contact.Emails[0] : null,
            PendingEmail = pending is null ? null : new EmailRequestView(pending.Address, pending.Subject, await names.ActorAsync(pending.RequestedBy, conversation.ContactId, cancellationToken)),
            Messages = await MessagesAsync(conversation, after, cancellationToken),
            Notices = notices,
        };
    }

    /// <summary>A department's name.</summary>
    public async Task<string> DepartmentNameAsync(DepartmentId id, CancellationToken cancellationToken) =>
        (await departments.GetAsync(id, cancellationToken))?.Name ?? id.Value;

    private async Task<Routing.Queues.QueuePosition?> PositionAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        foreach (var position in await routing.GetQueueAsync(conversation.DepartmentId, cancellationToken))
        {
            if (position.ConversationId == conversation.Id)
            {
                return position;
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<ConversationListItem>> ListAsync(IEnumerable<Conversation> list, Func<Conversation, Instant> at, CancellationToken cancellationToken)
    {
        var items = new List<ConversationListItem>();
        foreach (var conversation in list.OrderBy(at))
        {
            items.Add(await ListItemAsync(conversation, at(conversation), null, cancellationToken));
        }

        return items;
    }

    private async Task<ConversationListItem> ListItemAsync(Conversation conversation, Instant at, Routing.Queues.QueuePosition? position, CancellationToken cancellationToken)
    {
        var last = conversation.MessageCount == 0 ? [] : await store.ReadLastMessagesAsync(conversation, 1, cancellationToken);
        var preview = last.Count == 0 ? "" : last[0].Text;
        if (preview.Length > PreviewLength)
        {
            preview = string.Concat(preview.AsSpan(0, PreviewLength - 1), "…");
        }

        return new ConversationListItem(
            conversation.Id.Value,
            (await contacts.GetAsync(conversation.ContactId, cancellationToken))?.Name ?? conversation.ContactId.Value,
            await DepartmentNameAsync(conversation.DepartmentId, cancellationToken),
            conversation.State.ToString(),
            preview,
            conversation.LastAuthorKind?.ToString().ToLowerInvariant(),
            at.ToDateTimeOffset(),
            position?.Position,
            position is { } p ? (long)p.EstimatedWait.TotalSeconds : null,
            conversation.Priority.ToString());
    }

    private static long? Seconds(Duration? duration) => duration is { } d ? (long)d.TotalSeconds : null;

    /// <summary>Display names, read once per request.</summary>
    private sealed class Names(IAgentService agents, IContactStore contacts)
    {
        private readonly Dictionary<string, string> _agents = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _contacts = new(StringComparer.Ordinal);

        public async ValueTask<string> AgentAsync(AgentId id, CancellationToken cancellationToken)
        {
            if (!_agents.TryGetValue(id.Value, out var name))
            {
                name = (await agents.GetAsync(id, cancellationToken))?.Name ?? id.Value;
                _agents[id.Value] = name;
            }

            return name;
        }

        public async ValueTask<string> ContactAsync(ContactId id, CancellationToken cancellationToken)
        {
            if (!_contacts.TryGetValue(id.Value, out var name))
            {
                name = (await contacts.GetAsync(id, cancellationToken))?.Name ?? "Visitor";
                _contacts[id.Value] = name;
            }

            return name;
        }

        public async ValueTask<string> ActorAsync(Actor actor, ContactId contact, CancellationToken cancellationToken) => actor.Kind switch
        {
            AuthorKind.Agent when actor.AgentId is { } agent => await AgentAsync(agent, cancellationToken),
            AuthorKind.Contact => await ContactAsync(contact, cancellationToken),
            _ => "System",
        };

        public async ValueTask<string> AuthorAsync(Message message, ContactId contact, CancellationToken cancellationToken) => message.AuthorKind switch
        {
            AuthorKind.Agent when message.AuthorId is { } agent => await AgentAsync(new AgentId(agent), cancellationToken),
            AuthorKind.Contact => await ContactAsync(contact, cancellationToken),
            AuthorKind.Bot => message.AuthorId ?? "Bot",
            _ => "System",
        };
    }
}
