namespace Omnichannel.WebHost;

/// <summary>Identifiers read from a request: anything empty or absurdly long is no identifier at all.</summary>
public static class Ids
{
    private const int MaxLength = 200;

    /// <summary>A conversation id, or null.</summary>
    public static ConversationId? Conversation(string? value) => Valid(value) ? new ConversationId(value!) : null;

    /// <summary>A department id, or null.</summary>
    public static DepartmentId? Department(string? value) => Valid(value) ? new DepartmentId(value!) : null;

    /// <summary>An agent id, or null.</summary>
    public static AgentId? Agent(string? value) => Valid(value) ? new AgentId(value!) : null;

    private static bool Valid(string? value) => !string.IsNullOrWhiteSpace(value) && value.Length <= MaxLength;
}
