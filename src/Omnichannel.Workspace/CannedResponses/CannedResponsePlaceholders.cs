using System.Collections.Immutable;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>
/// The placeholders a canned response's text may hold, written <c>{{name}}</c> (spaces inside the braces and letter
/// case do not matter). Any other <c>{{...}}</c> is refused when the response is saved.
/// </summary>
/// <remarks>This type holds constants and an immutable list; it is thread-safe.</remarks>
public static class CannedResponsePlaceholders
{
    /// <summary>The contact's name.</summary>
    public const string ContactName = "contact.name";

    /// <summary>The contact's primary (first) email address.</summary>
    public const string ContactEmail = "contact.email";

    /// <summary>The contact's primary (first) phone number.</summary>
    public const string ContactPhone = "contact.phone";

    /// <summary>The agent's display name (their user name when none is set).</summary>
    public const string AgentName = "agent.name";

    /// <summary>The agent's email address.</summary>
    public const string AgentEmail = "agent.email";

    /// <summary>Every known placeholder name.</summary>
    public static ImmutableArray<string> All { get; } = [ContactName, ContactEmail, ContactPhone, AgentName, AgentEmail];
}
