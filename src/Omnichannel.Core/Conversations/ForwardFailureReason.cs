namespace Omnichannel.Conversations;

/// <summary>Why a forward failed. The conversation then goes back to the forwarding agent.</summary>
public enum ForwardFailureReason
{
    /// <summary>The target agent is not available (offline or away).</summary>
    TargetOffline = 0,

    /// <summary>The target agent serves as many conversations as they may.</summary>
    TargetAtCapacity = 1,

    /// <summary>The department's forwarding rules, or the target's memberships or roles, do not allow it.</summary>
    NotAllowed = 2,

    /// <summary>The target is where the conversation already is.</summary>
    SameAsSource = 3,

    /// <summary>No such agent or department.</summary>
    Unknown = 4,

    /// <summary>The target department is disabled (<see cref="Departments.Department.Enabled"/>).</summary>
    DepartmentDisabled = 5,

    /// <summary>
    /// No agent of the target department is online and available, and the department does not accept forwards while
    /// nobody is (<see cref="Departments.Department.AcceptForwardsWhenNobodyOnline"/>).
    /// </summary>
    NobodyAvailable = 6,

    /// <summary>The named agent does not belong to the named department.</summary>
    AgentNotInDepartment = 7,
}
