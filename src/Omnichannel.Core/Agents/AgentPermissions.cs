namespace Omnichannel.Agents;

/// <summary>What an agent may do. Checked on every operation, together with department membership.</summary>
[Flags]
public enum AgentPermissions : long
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>See and preview the department's queued conversations.</summary>
    ViewQueue = 1 << 0,

    /// <summary>Take a queued conversation ("Take it").</summary>
    TakeConversation = 1 << 1,

    /// <summary>Move a conversation back to the queue.</summary>
    ReturnToQueue = 1 << 2,

    /// <summary>Forward a conversation to another agent or department.</summary>
    ForwardConversation = 1 << 3,

    /// <summary>Place a conversation on hold and resume it.</summary>
    PlaceOnHold = 1 << 4,

    /// <summary>Close a conversation.</summary>
    CloseConversation = 1 << 5,

    /// <summary>Edit the room information (topic, priority).</summary>
    EditRoomInformation = 1 << 6,

    /// <summary>Invite other agents or managers to a conversation (<c>/invite @username</c>).</summary>
    InviteParticipants = 1 << 7,

    /// <summary>Be invited to (join) a conversation even without an omnichannel role.</summary>
    JoinConversation = 1 << 8,

    /// <summary>The "Request PDF Transcript" permission.</summary>
    RequestPdfTranscript = 1 << 9,

    /// <summary>Create a canned response from within a conversation.</summary>
    CreateCannedResponse = 1 << 10,

    /// <summary>Create or change canned responses of a department scope.</summary>
    ManageDepartmentCannedResponses = 1 << 11,

    /// <summary>Start audio or video calls with the contact.</summary>
    StartCall = 1 << 12,

    /// <summary>Edit contact information (name, emails, phones, custom fields); reading needs <see cref="ReadContact"/>.</summary>
    EditContact = 1 << 13,

    /// <summary>Read contact information and a contact's chat history (separate from editing).</summary>
    ReadContact = 1 << 14,

    /// <summary>Name or change a contact's manager (the agent preferred for the contact): a manager's permission.</summary>
    EditContactManager = 1 << 15,

    /// <summary>
    /// Act on conversations of one's scope served by someone else (forward, close, hold, move to the queue, write, edit
    /// the room information), and see every conversation of the scope. Managers, monitors and administrators hold it.
    /// </summary>
    ActOnOthersConversations = 1 << 16,

    /// <summary>The scope includes the departments of the units the agent supervises (<see cref="Agent.SupervisedUnits"/>): monitors.</summary>
    SuperviseUnits = 1 << 17,

    /// <summary>The scope is every department: administrators.</summary>
    AllDepartments = 1 << 18,

    /// <summary>Force close an open conversation whatever the department's tag or comment rules (recorded as forced), for repairs.</summary>
    ForceClose = 1 << 19,

    /// <summary>Create or change public canned responses.</summary>
    ManagePublicCannedResponses = 1 << 20,

    /// <summary>What the built-in Agent role may do by default.</summary>
    DefaultAgent = ViewQueue | TakeConversation | ReturnToQueue | ForwardConversation | PlaceOnHold
        | CloseConversation | EditRoomInformation | InviteParticipants | StartCall | EditContact | ReadContact,

    /// <summary>What the built-in Monitor role may do by default: see, join, forward and close within the units it supervises.</summary>
    DefaultMonitor = ViewQueue | ForwardConversation | CloseConversation | JoinConversation | ActOnOthersConversations
        | SuperviseUnits | ReadContact,

    /// <summary>What the built-in Manager role may do by default: an agent's permissions, and act on every conversation of their departments.</summary>
    DefaultManager = DefaultAgent | RequestPdfTranscript | CreateCannedResponse | ManageDepartmentCannedResponses
        | JoinConversation | ActOnOthersConversations | EditContactManager | ManagePublicCannedResponses,

    /// <summary>What the built-in Administrator role may do by default: everything, in every department.</summary>
    DefaultAdministrator = DefaultManager | DefaultMonitor | AllDepartments | ForceClose,
}
