using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Operations;

using static Omnichannel.Core.Tests.BadInput.HostileValues;
using Omnichannel.Departments;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;
using Omnichannel.Workspace.Contacts;
using Omnichannel.Workspace.Search;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>One generated call of a public operation, with its arguments' labels; <see cref="ReadOnly"/> operations must never write.</summary>
public sealed record HostileCall(string Description, bool ReadOnly, Func<HostileWorld, ValueTask<object?>> Invoke)
{
    public override string ToString() => Description;
}

/// <summary>Every public operation of Core's services, each with a generator of hostile calls to it.</summary>
public static class HostileOperations
{
    /// <summary>Operation name ("IConversationService.TakeAsync") to the generator of its calls.</summary>
    public static IReadOnlyDictionary<string, Gen<HostileCall>> All { get; } = new Dictionary<string, Gen<HostileCall>>(StringComparer.Ordinal)
    {
        // IConversationService
        ["IConversationService.ReceiveContactMessageAsync"] =
            from contact in ContactIds from department in DepartmentIds from text in Texts from attachments in AttachmentLists
            select Call($"ReceiveContactMessage({contact}, {department}, {text}, {attachments})", w => w.Conversations.ReceiveContactMessageAsync(contact.Value, department.Value, text.Value, attachments.Value)),
        ["IConversationService.ReceiveContactMessageAsync(ContactMessage)"] =
            from message in ContactMessages
            select Call($"ReceiveContactMessage({message})", w => w.Conversations.ReceiveContactMessageAsync(message.Value, CancellationToken.None)),
        ["IConversationService.GetAsync"] =
            from conversation in ConversationIds select Read($"Get({conversation})", w => w.Conversations.GetAsync(conversation.Value)),
        ["IConversationService.ListQueuedAsync"] =
            from agent in AgentIds select Read($"ListQueued({agent})", w => w.Conversations.ListQueuedAsync(agent.Value)),
        ["IConversationService.PreviewAsync"] =
            from conversation in ConversationIds from agent in AgentIds select Read($"Preview({conversation}, {agent})", w => w.Conversations.PreviewAsync(conversation.Value, agent.Value)),
        ["IConversationService.TakeAsync"] =
            from conversation in ConversationIds from agent in AgentIds select Call($"Take({conversation}, {agent})", w => w.Conversations.TakeAsync(conversation.Value, agent.Value)),
        ["IConversationService.AssignAsync"] =
            from conversation in ConversationIds from agent in AgentIds select Call($"Assign({conversation}, {agent})", w => w.Conversations.AssignAsync(conversation.Value, agent.Value)),
        ["IConversationService.ReturnToQueueAsync"] =
            from conversation in ConversationIds from actor in Actors select Call($"ReturnToQueue({conversation}, {actor})", w => w.Conversations.ReturnToQueueAsync(conversation.Value, actor.Value)),
        ["IConversationService.ForwardAsync"] =
            from conversation in ConversationIds from agent in AgentIds from target in ForwardTargets from comment in Texts
            select Call($"Forward({conversation}, {agent}, {target}, {comment})", w => w.Conversations.ForwardAsync(conversation.Value, agent.Value, target.Value, comment.Value)),
        ["IConversationService.ResolvePendingForwardAsync"] =
            from conversation in ConversationIds select Call($"ResolvePendingForward({conversation})", w => w.Conversations.ResolvePendingForwardAsync(conversation.Value)),
        ["IConversationService.PlaceOnHoldAsync"] =
            from conversation in ConversationIds from agent in AgentIds select Call($"PlaceOnHold({conversation}, {agent})", w => w.Conversations.PlaceOnHoldAsync(conversation.Value, agent.Value)),
        ["IConversationService.ResumeAsync"] =
            from conversation in ConversationIds from agent in AgentIds select Call($"Resume({conversation}, {agent})", w => w.Conversations.ResumeAsync(conversation.Value, agent.Value)),
        ["IConversationService.CloseAsync"] =
            from conversation in ConversationIds from actor in Actors from request in CloseRequests
            select Call($"Close({conversation}, {actor}, {request})", w => w.Conversations.CloseAsync(conversation.Value, actor.Value, request.Value)),
        ["IConversationService.PostAgentMessageAsync"] =
            from conversation in ConversationIds from agent in AgentIds from text in Texts from attachments in AttachmentLists
            select Call($"PostAgentMessage({conversation}, {agent}, {text}, {attachments})", w => w.Conversations.PostAgentMessageAsync(conversation.Value, agent.Value, text.Value, attachments.Value)),
        ["IConversationService.PostSystemMessageAsync"] =
            from conversation in ConversationIds from text in Texts select Call($"PostSystemMessage({conversation}, {text})", w => w.Conversations.PostSystemMessageAsync(conversation.Value, text.Value)),
        ["IConversationService.UpdateTagsAsync"] =
            from conversation in ConversationIds from agent in AgentIds from tags in TagLists
            select Call($"UpdateTags({conversation}, {agent}, {tags})", w => w.Conversations.UpdateTagsAsync(conversation.Value, agent.Value, tags.Value!)),
        ["IConversationService.PostSystemNoticeAsync"] =
            from conversation in ConversationIds from source in Texts from text in Texts
            select Call($"PostSystemNotice({conversation}, {source}, {text})", w => w.Conversations.PostSystemNoticeAsync(conversation.Value, source.Value, text.Value)),
        ["IConversationService.PostBotMessageAsync"] =
            from conversation in ConversationIds from bot in Texts from text in Texts
            select Call($"PostBotMessage({conversation}, {bot}, {text})", w => w.Conversations.PostBotMessageAsync(conversation.Value, bot.Value, text.Value)),
        ["IConversationService.SetTypingAsync"] =
            from conversation in ConversationIds from actor in Actors from typing in Booleans
            select Call($"SetTyping({conversation}, {actor}, {typing})", w => w.Conversations.SetTypingAsync(conversation.Value, actor.Value, typing.Value)),
        ["IConversationService.InviteAsync"] =
            from conversation in ConversationIds from agent in AgentIds from username in Texts
            select Call($"Invite({conversation}, {agent}, {username})", w => w.Conversations.InviteAsync(conversation.Value, agent.Value, username.Value)),
        ["IConversationService.UpdateRoomInformationAsync"] =
            from conversation in ConversationIds from agent in AgentIds from update in RoomUpdates
            select Call($"UpdateRoomInformation({conversation}, {agent}, {update})", w => w.Conversations.UpdateRoomInformationAsync(conversation.Value, agent.Value, update.Value)),
        ["IConversationService.GetRoomInformationAsync"] =
            from conversation in ConversationIds select Read($"GetRoomInformation({conversation})", w => w.Conversations.GetRoomInformationAsync(conversation.Value, Actor.System)),
        ["IConversationService.ViewAsync"] =
            from conversation in ConversationIds from actor in Actors select Read($"View({conversation}, {actor})", w => w.Conversations.ViewAsync(conversation.Value, actor.Value)),
        ["IConversationService.ReadMessagesAsync"] =
            from conversation in ConversationIds from actor in Actors from after in Gen.Elements(-1, 0, 1, int.MaxValue) from limit in Gen.Elements(0, 1, 256, 257, int.MaxValue)
            select Read($"ReadMessages({conversation}, {actor}, {after}, {limit})", w => w.Conversations.ReadMessagesAsync(conversation.Value, actor.Value, after, limit)),
        ["IConversationService.ListConversationsAsync"] =
            from agent in AgentIds from text in Texts from limit in Gen.Elements(0, 1, 200, 201)
            select Read($"ListConversations({agent}, {text}, {limit})", w => w.Conversations.ListConversationsAsync(agent.Value, new ConversationListQuery { Text = text.Value, Limit = limit })),
        ["IConversationService.ListInProgressAsync"] =
            from agent in AgentIds from limit in Gen.Elements(0, 1, 200, 201) select Read($"ListInProgress({agent}, {limit})", w => w.Conversations.ListInProgressAsync(agent.Value, null, limit)),
        ["IConversationService.ListOnHoldAsync"] =
            from agent in AgentIds from limit in Gen.Elements(0, 1, 200, 201) select Read($"ListOnHold({agent}, {limit})", w => w.Conversations.ListOnHoldAsync(agent.Value, null, limit)),
        ["IConversationService.GetQueuePlaceAsync"] =
            from conversation in ConversationIds from actor in Actors select Read($"GetQueuePlace({conversation}, {actor})", w => w.Conversations.GetQueuePlaceAsync(conversation.Value, actor.Value)),
        ["IConversationService.ForceCloseAsync"] =
            from conversation in ConversationIds from agent in AgentIds from comment in Texts
            select Call($"ForceClose({conversation}, {agent}, {comment})", w => w.Conversations.ForceCloseAsync(conversation.Value, agent.Value, comment.Value)),
        ["IConversationService.MoveToDepartmentAsync"] =
            from conversation in ConversationIds from department in DepartmentIds
            select Call($"MoveToDepartment({conversation}, {department})", w => w.Conversations.MoveToDepartmentAsync(conversation.Value, department.Value)),

        // IAgentService
        ["IAgentService.RegisterAsync"] = from agent in HostileValues.Agents select Call($"Register({agent})", w => w.Get<IAgentService>().RegisterAsync(agent.Value)),
        ["IAgentService.UpdateAsync"] = from agent in HostileValues.Agents select Call($"Update({agent})", w => w.Get<IAgentService>().UpdateAsync(agent.Value)),
        ["IAgentService.SetStatusAsync"] =
            from agent in AgentIds from status in Statuses select Call($"SetStatus({agent}, {status})", w => w.Get<IAgentService>().SetStatusAsync(agent.Value, status.Value)),
        ["IAgentService.GetAsync"] = from agent in AgentIds select Read($"Get({agent})", w => w.Get<IAgentService>().GetAsync(agent.Value)),

        // IDepartmentService
        ["IDepartmentService.SaveAsync"] = from department in HostileValues.Departments select Call($"Save({department})", w => w.Get<IDepartmentService>().SaveAsync(department.Value)),
        ["IDepartmentService.GetAsync"] = from department in DepartmentIds select Read($"Get({department})", w => w.Get<IDepartmentService>().GetAsync(department.Value)),
        ["IDepartmentService.DeleteAsync"] = from department in DepartmentIds select Call($"Delete({department})", w => w.Get<IDepartmentService>().DeleteAsync(department.Value)),

        // IContactService
        ["IContactService.RegisterAsync"] = from contact in HostileValues.Contacts select Call($"Register({contact})", w => w.Get<IContactService>().RegisterAsync(contact.Value)),
        ["IContactService.GetAsync"] =
            from contact in ContactIds from agent in AgentIds select Read($"Get({contact}, {agent})", w => w.Get<IContactService>().GetAsync(contact.Value, agent.Value)),
        ["IContactService.GetForConversationAsync"] =
            from conversation in ConversationIds from agent in AgentIds
            select Read($"GetForConversation({conversation}, {agent})", w => w.Get<IContactService>().GetForConversationAsync(conversation.Value, agent.Value)),
        ["IContactService.UpdateAsync"] =
            from contact in HostileValues.Contacts from agent in AgentIds select Call($"Update({contact}, {agent})", w => w.Get<IContactService>().UpdateAsync(contact.Value, agent.Value)),

        ["IContactService.FindByChannelAsync"] =
            from type in Gen.OneOf(Texts, Of(("widget", "widget"), ("email", "email"))) from identifier in Texts from agent in AgentIds
            select Read($"FindByChannel({type}, {identifier}, {agent})", w => w.Get<IContactService>().FindByChannelAsync(type.Value, identifier.Value, agent.Value)),
        ["IContactService.SearchAsync"] =
            from text in Texts from offset in Of((0, "0"), (-1, "-1"), (5, "5"), (int.MaxValue, "max")) from limit in Of((25, "25"), (0, "0"), (-3, "-3"), (101, "101"), (int.MaxValue, "max")) from agent in AgentIds
            select Read($"Search({text}, {offset}, {limit}, {agent})", w => w.Get<IContactService>().SearchAsync(new ContactSearchQuery { Text = text.Value, Offset = offset.Value, Limit = limit.Value }, agent.Value)),
        ["IContactService.SetChannelBlockedAsync"] =
            from contact in ContactIds from type in Gen.OneOf(Texts, Of(("widget", "widget"))) from identifier in Gen.OneOf(Texts, Of(("t-1", "t-1"))) from blocked in Booleans from agent in AgentIds
            select Call($"SetChannelBlocked({contact}, {type}, {identifier}, {blocked}, {agent})", w => w.Get<IContactService>().SetChannelBlockedAsync(contact.Value, type.Value, identifier.Value, blocked.Value, agent.Value)),

        // ICannedResponseService
        ["ICannedResponseService.ListByTagAsync"] =
            from agent in AgentIds from tag in Texts select Read($"ListByTag({agent}, {tag})", w => w.Get<ICannedResponseService>().ListByTagAsync(agent.Value, tag.Value)),
        ["ICannedResponseService.CreateAsync"] =
            from actor in Actors from draft in Drafts select Call($"Create({actor}, {draft})", w => w.Get<ICannedResponseService>().CreateAsync(actor.Value, draft.Value)),
        ["ICannedResponseService.UpdateAsync"] =
            from actor in Actors from changed in CannedResponseChanges
            select Call($"Update({actor}, {changed})", w => w.Get<ICannedResponseService>().UpdateAsync(actor.Value, changed.Value(w))),
        ["ICannedResponseService.DeleteAsync"] =
            from actor in Actors from id in CannedResponseIds select Call($"Delete({actor}, {id})", w => w.Get<ICannedResponseService>().DeleteAsync(actor.Value, id.Value(w))),
        ["ICannedResponseService.GetAsync"] =
            from actor in Actors from id in CannedResponseIds select Read($"Get({actor}, {id})", w => w.Get<ICannedResponseService>().GetAsync(actor.Value, id.Value(w))),
        ["ICannedResponseService.ListAsync"] =
            from agent in AgentIds from prefix in Texts select Read($"List({agent}, {prefix})", w => w.Get<ICannedResponseService>().ListAsync(agent.Value, prefix.Value)),
        ["ICannedResponseService.ExpandAsync"] =
            from agent in AgentIds from text in Texts from contact in OptionalContactIds
            select Read($"Expand({agent}, {text}, {contact})", w => w.Get<ICannedResponseService>().ExpandAsync(agent.Value, text.Value, contact.Value)),
        ["ICannedResponseService.ExpandForConversationAsync"] =
            from conversation in ConversationIds from agent in AgentIds from text in Texts
            select Read($"ExpandForConversation({conversation}, {agent}, {text})", w => w.Get<ICannedResponseService>().ExpandForConversationAsync(conversation.Value, agent.Value, text.Value)),
        ["ICannedResponseService.PostAgentMessageAsync"] =
            from conversation in ConversationIds from agent in AgentIds from text in Texts from attachments in AttachmentLists
            select Call($"PostAgentMessage({conversation}, {agent}, {text}, {attachments})", w => w.Get<ICannedResponseService>().PostAgentMessageAsync(conversation.Value, agent.Value, text.Value, attachments.Value)),

        // IConversationSearchService
        ["IConversationSearchService.SearchMessagesAsync"] =
            from conversation in ConversationIds from agent in AgentIds from query in SearchQueries
            select Read($"SearchMessages({conversation}, {agent}, {query})", w => w.Get<IConversationSearchService>().SearchMessagesAsync(conversation.Value, agent.Value, query.Value)),
        ["IConversationSearchService.ListAttachmentsAsync"] =
            from conversation in ConversationIds from agent in AgentIds from query in AttachmentQueries
            select Read($"ListAttachments({conversation}, {agent}, {query})", w => w.Get<IConversationSearchService>().ListAttachmentsAsync(conversation.Value, agent.Value, query.Value)),

        // IContactHistoryService
        ["IContactHistoryService.OpenPastConversationAsync"] =
            from conversation in ConversationIds from agent in AgentIds from limit in Gen.Elements(0, 1, 256, 257)
            select Read($"OpenPastConversation({conversation}, {agent}, {limit})", w => w.Get<IContactHistoryService>().OpenPastConversationAsync(conversation.Value, agent.Value, 0, limit)),
        ["IContactHistoryService.GetHistoryAsync"] =
            from contact in ContactIds from agent in AgentIds select Read($"GetHistory({contact}, {agent})", w => w.Get<IContactHistoryService>().GetHistoryAsync(contact.Value, agent.Value)),
        ["IContactHistoryService.GetHistoryFromSourceAsync"] =
            from contact in ContactIds from agent in AgentIds from type in Gen.OneOf(Texts, Of(((string)null!, "any"), ("widget", "widget"))) from app in Gen.OneOf(Texts, Of(((string)null!, "any")))
            select Read($"GetHistoryFromSource({contact}, {agent}, {type}, {app})", w => w.Get<IContactHistoryService>().GetHistoryFromSourceAsync(contact.Value, agent.Value, new ContactHistoryFilter { ChannelType = type.Value, App = app.Value })),
        ["IContactHistoryService.GetHistoryForConversationAsync"] =
            from conversation in ConversationIds from agent in AgentIds
            select Read($"GetHistoryForConversation({conversation}, {agent})", w => w.Get<IContactHistoryService>().GetHistoryForConversationAsync(conversation.Value, agent.Value)),
        ["IContactHistoryService.SearchHistoryAsync"] =
            from contact in ContactIds from agent in AgentIds from query in SearchQueries
            select Read($"SearchHistory({contact}, {agent}, {query})", w => w.Get<IContactHistoryService>().SearchHistoryAsync(contact.Value, agent.Value, query.Value)),

        // ICallService
        ["ICallService.StartCallAsync"] =
            from conversation in ConversationIds from agent in AgentIds from media in Media
            select Call($"StartCall({conversation}, {agent}, {media})", w => w.Get<ICallService>().StartCallAsync(conversation.Value, agent.Value, media.Value)),
        ["ICallService.GetActiveCallAsync"] =
            from conversation in ConversationIds from agent in AgentIds
            select Read($"GetActiveCall({conversation}, {agent})", w => w.Get<ICallService>().GetActiveCallAsync(conversation.Value, agent.Value)),
        ["ICallService.EndCallAsync"] =
            from conversation in ConversationIds from agent in AgentIds
            select Call($"EndCall({conversation}, {agent})", w => w.Get<ICallService>().EndCallAsync(conversation.Value, agent.Value)),
        ["ICallService.CallEndedAsync"] =
            from conversation in ConversationIds from call in CallIds
            select Call($"CallEnded({conversation}, {call})", w => w.Get<ICallService>().CallEndedAsync(conversation.Value, call.Value)),
    };

    public static HostileCall Call<T>(string description, Func<HostileWorld, ValueTask<T>> invoke) => new(description, ReadOnly: false, w => Box(invoke(w)));

    public static HostileCall Read<T>(string description, Func<HostileWorld, ValueTask<T>> invoke) => new(description, ReadOnly: true, w => Box(invoke(w)));

    private static async ValueTask<object?> Box<T>(ValueTask<T> task) => await task;
}
