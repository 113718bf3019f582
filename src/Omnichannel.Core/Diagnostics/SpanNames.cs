namespace Omnichannel.Diagnostics;

/// <summary>The names of Core's spans; docs/observability.md lists them with their tags.</summary>
internal static class SpanNames
{
    public const string Receive = "omnichannel.conversation.receive";
    public const string ListQueued = "omnichannel.conversation.list_queued";
    public const string Preview = "omnichannel.conversation.preview";
    public const string Take = "omnichannel.conversation.take";
    public const string Assign = "omnichannel.conversation.assign";
    public const string ReturnToQueue = "omnichannel.conversation.return_to_queue";
    public const string Forward = "omnichannel.conversation.forward";
    public const string ResolveForward = "omnichannel.conversation.resolve_forward";
    public const string Hold = "omnichannel.conversation.hold";
    public const string Resume = "omnichannel.conversation.resume";
    public const string Close = "omnichannel.conversation.close";
    public const string PostAgentMessage = "omnichannel.conversation.post_agent_message";
    public const string PostSystemMessage = "omnichannel.conversation.post_system_message";
    public const string PostBotMessage = "omnichannel.conversation.post_bot_message";
    public const string SetTyping = "omnichannel.conversation.set_typing";
    public const string PostSystemNotice = "omnichannel.conversation.post_system_notice";
    public const string UpdateTags = "omnichannel.conversation.update_tags";
    public const string ForceClose = "omnichannel.conversation.force_close";
    public const string Invite = "omnichannel.conversation.invite";
    public const string UpdateRoomInformation = "omnichannel.conversation.update_room_information";
    public const string GetRoomInformation = "omnichannel.conversation.get_room_information";
    public const string MoveToDepartment = "omnichannel.conversation.move_to_department";
    public const string AgentRegister = "omnichannel.agent.register";
    public const string AgentUpdate = "omnichannel.agent.update";
    public const string AgentSetStatus = "omnichannel.agent.set_status";
}
