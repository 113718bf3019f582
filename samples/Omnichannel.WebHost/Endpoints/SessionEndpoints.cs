using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Omnichannel.Agents;
using Omnichannel.Operations;
using Omnichannel.WebHost.Security;

namespace Omnichannel.WebHost;

/// <summary>Sign-in, sign-out, the anti-forgery token, and the signed-in agent's own settings.</summary>
public static class SessionEndpoints
{
    /// <summary>The rate limiter policy of sign-in (per client address).</summary>
    public const string SignInLimit = "sign-in";

    /// <summary>The rate limiter policy of starting a visitor chat (per client address).</summary>
    public const string ChatStartLimit = "chat-start";

    /// <summary>The sign-in request.</summary>
    public sealed record SignIn(string? Username, string? Password);

    /// <summary>A status change.</summary>
    public sealed record StatusChange(AgentStatus Status);

    /// <summary>The agent's transcript preferences ("always export PDF", "always send email").</summary>
    public sealed record Preferences(bool AlwaysExportPdf, bool AlwaysSendEmail);

    /// <summary>Maps the endpoints.</summary>
    public static void MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<AntiforgeryFilter>();

        api.MapGet("/antiforgery", (HttpContext context, IAntiforgery antiforgery) =>
            Results.Ok(new { Token = antiforgery.GetAndStoreTokens(context).RequestToken }));

        api.MapPost("/session", async (SignIn body, HttpContext context, AgentCredentials credentials, IAgentService agents) =>
        {
            if (string.IsNullOrEmpty(body.Username) || string.IsNullOrEmpty(body.Password) || body.Username.Length > 100 || body.Password.Length > 200
                || credentials.Verify(body.Username, body.Password) is not { } id || await agents.GetAsync(id, context.RequestAborted) is not { } agent)
            {
                return ApiResults.Error(StatusCodes.Status401Unauthorized, "SignInFailed", "The user name or the password is wrong.");
            }

            await context.SignInAsync(AgentIdentity.Scheme, AgentIdentity.For(agent.Id, agent.Name));
            return Results.Ok(Describe(agent));
        }).RequireRateLimiting(SignInLimit);

        api.MapDelete("/session", async (HttpContext context) =>
        {
            await context.SignOutAsync(AgentIdentity.Scheme);
            return Results.NoContent();
        });

        var me = api.MapGroup("/me").RequireAuthorization();
        me.MapGet("", async (HttpContext context, IAgentService agents) =>
            await agents.GetAsync(Me(context), context.RequestAborted) is { } agent ? Results.Ok(Describe(agent)) : ApiResults.SignInFirst());

        me.MapPost("/status", async (StatusChange body, HttpContext context, IAgentService agents) =>
        {
            if (!Enum.IsDefined(body.Status))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "InvalidArgument", "Choose Available, Away or Offline.");
            }

            return ApiResults.From(await agents.SetStatusAsync(Me(context), body.Status, context.RequestAborted), Describe);
        });

        me.MapPut("/preferences", async (Preferences body, HttpContext context, IAgentService agents) =>
        {
            // A version conflict (another tab saved first) is answered by the library; the page reloads and retries.
            if (await agents.GetAsync(Me(context), context.RequestAborted) is not { } agent)
            {
                return ApiResults.SignInFirst();
            }

            var changed = agent with { TranscriptPreferences = new TranscriptPreferences(body.AlwaysExportPdf, body.AlwaysSendEmail) };
            return ApiResults.From(await agents.UpdateAsync(changed, context.RequestAborted), Describe);
        });
    }

    /// <summary>The signed-in agent's id (the authorization policy guarantees there is one).</summary>
    public static AgentId Me(HttpContext context) =>
        AgentIdentity.Of(context?.User) ?? throw new InvalidOperationException("The endpoint requires a signed-in agent.");

    /// <summary>The signed-in agent as the console shows them.</summary>
    public static object Describe(Agent agent) => new
    {
        Id = agent.Id.Value,
        agent.Username,
        agent.Name,
        Status = agent.Status.ToString(),
        Departments = agent.Departments.Select(d => d.Value).Order(StringComparer.Ordinal).ToArray(),
        IsManager = agent.Roles.HasFlag(AgentRoles.Manager),
        MayExportPdf = agent.Has(AgentPermissions.RequestPdfTranscript),
        agent.TranscriptPreferences.AlwaysExportPdf,
        agent.TranscriptPreferences.AlwaysSendEmail,
    };
}
