namespace Omnichannel.Operations;

/// <summary>Why an operation was refused. The accompanying message names the conversation, the agent and the rule.</summary>
public enum OperationErrorCode
{
    /// <summary>The conversation, agent, contact or department does not exist.</summary>
    NotFound = 0,

    /// <summary>The actor lacks the permission or role the operation needs.</summary>
    NotPermitted = 1,

    /// <summary>The agent does not belong to the conversation's department.</summary>
    NotDepartmentMember = 2,

    /// <summary>The agent neither serves the conversation nor manages its department.</summary>
    NotServingAgent = 3,

    /// <summary>The lifecycle does not allow the operation in the conversation's current state.</summary>
    InvalidTransition = 4,

    /// <summary>Another agent took the conversation first.</summary>
    AlreadyTaken = 5,

    /// <summary>The agent's status is not Available.</summary>
    AgentNotAvailable = 6,

    /// <summary>The agent already serves as many conversations as they may.</summary>
    AtCapacity = 7,

    /// <summary>A lifecycle guard is not met (for example, hold needs the agent to have sent the last message).</summary>
    GuardNotMet = 8,

    /// <summary>The department requires tags on close and none were given (and it has no default tags).</summary>
    TagsRequired = 9,

    /// <summary>A tag is not among the department's closing tags.</summary>
    TagNotOffered = 10,

    /// <summary>The conversation is closed; closed is final.</summary>
    ConversationClosed = 11,

    /// <summary>The invited user is not an omnichannel agent or manager ("User is not an Omnichannel Agent").</summary>
    NotAnOmnichannelAgent = 12,

    /// <summary>An argument is invalid (empty message, text too long, unknown slash command, ...).</summary>
    InvalidArgument = 13,

    /// <summary>A department's settings contradict each other or name unknown departments.</summary>
    InvalidDepartment = 14,

    /// <summary>An agent's settings are invalid (duplicate user name, unknown department, ...).</summary>
    InvalidAgent = 15,

    /// <summary>The conversation kept changing under the operation; retry later.</summary>
    Conflict = 16,

    /// <summary>A canned response's shortcut is already used by another canned response (shortcuts are unique across scopes).</summary>
    DuplicateShortcut = 17,

    /// <summary>A message starts with <c>!shortcut</c> but no canned response the agent may use has that shortcut.</summary>
    UnknownShortcut = 18,

    /// <summary>A canned response names a placeholder the library does not know (for example <c>{{contact.age}}</c>).</summary>
    UnknownPlaceholder = 19,

    /// <summary>A canned response's placeholder has no value here (for example the contact has no email address).</summary>
    PlaceholderValueMissing = 20,

    /// <summary>A search pattern is not a valid regular expression.</summary>
    InvalidSearchPattern = 21,

    /// <summary>A search was stopped because it exceeded its time budget (a pattern that backtracks too much).</summary>
    SearchTimedOut = 22,

    /// <summary>A call was requested but the host has no call app (no <c>ICallProvider</c> registered).</summary>
    NoCallProvider = 23,

    /// <summary>A contact's information is invalid (malformed email or phone, too long, ...).</summary>
    InvalidContact = 24,

    /// <summary>No agent is online in the department and the workspace does not accept conversations then; nothing was stored. The message carries the department's offline message.</summary>
    Offline = 25,

    /// <summary>The department is disabled: it takes no new conversations and is no forward target.</summary>
    DepartmentDisabled = 26,

    /// <summary>The contact's channel the message comes from is blocked; nothing was stored.</summary>
    ChannelBlocked = 27,

    /// <summary>A closing comment is required (<c>OmnichannelOptions.RequireCommentToClose</c>).</summary>
    CommentRequired = 28,

    /// <summary>A custom field is not registered, is required and missing, or does not match its pattern; the message names it.</summary>
    InvalidCustomField = 29,

    /// <summary>
    /// The host's call app (<c>ICallProvider</c>) failed (threw, timed out or answered without a call); the message names
    /// the conversation, the call app and the operation. Nothing was recorded that the call app did not do: a call that
    /// failed to start is not active, a call that failed to end is still in progress.
    /// </summary>
    CallProviderFailed = 30,

    /// <summary>
    /// The department is outside its business hours and refuses new conversations then; the message is the department's
    /// offline message. Also: an agent whose departments are all outside their business hours cannot become Available
    /// (<see cref="Agents.IAgentService.SetStatusAsync"/>). Nothing was stored.
    /// </summary>
    OutsideBusinessHours = 300,

    /// <summary>
    /// The department cannot be deleted while something depends on it: open conversations (close or forward them first),
    /// or a department that may forward only to it. The message names them. Nothing was changed.
    /// </summary>
    DepartmentInUse = 31,
}
