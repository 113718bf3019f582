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

    /// <summary>View and edit contact information.</summary>
    EditContact = 1 << 13,

    /// <summary>What a plain agent may do by default.</summary>
    DefaultAgent = ViewQueue | TakeConversation | ReturnToQueue | ForwardConversation | PlaceOnHold
        | CloseConversation | EditRoomInformation | InviteParticipants | StartCall | EditContact,

    /// <summary>What a manager may do by default: everything.</summary>
    DefaultManager = DefaultAgent | RequestPdfTranscript | CreateCannedResponse | ManageDepartmentCannedResponses,
}
