using System.Security.Claims;

namespace Omnichannel.WebHost.Security;

/// <summary>The signed-in agent, read from the authentication cookie only: never from a request's body, query or route.</summary>
public static class AgentIdentity
{
    /// <summary>The cookie authentication scheme of agents.</summary>
    public const string Scheme = "OmnichannelAgent";

    /// <summary>The claim holding the agent id.</summary>
    public const string AgentIdClaim = "omnichannel:agent";

    /// <summary>The agent behind a principal, or null.</summary>
    public static AgentId? Of(ClaimsPrincipal? user) =>
        user?.Identity?.IsAuthenticated == true && user.FindFirst(AgentIdClaim)?.Value is { Length: > 0 } id ? new AgentId(id) : null;

    /// <summary>The principal to sign in.</summary>
    public static ClaimsPrincipal For(AgentId agent, string name) =>
        new(new ClaimsIdentity([new Claim(AgentIdClaim, agent.Value), new Claim(ClaimTypes.Name, name)], Scheme));
}
