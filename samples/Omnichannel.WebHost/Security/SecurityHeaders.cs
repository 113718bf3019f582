namespace Omnichannel.WebHost.Security;

/// <summary>Headers on every response: a strict Content Security Policy (scripts from this origin only, no inline script or style), no framing, no sniffing.</summary>
public static class SecurityHeaders
{
    /// <summary>The policy: everything from this origin, nothing inline, no plugins, no framing.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers before the response starts.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            var headers = response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            if (response.HttpContext.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });

    /// <summary>
    /// Refuses hub and API requests sent by pages of another origin (a browser always sends Origin on cross-origin
    /// requests and on WebSocket handshakes): the agent's cookie cannot be used from elsewhere, including over WebSockets,
    /// which the same-origin policy does not cover.
    /// </summary>
    public static IApplicationBuilder UseSameOriginForApi(this IApplicationBuilder app) => app.Use(static (context, next) =>
    {
        var request = context.Request;
        if ((request.Path.StartsWithSegments("/hubs", StringComparison.Ordinal) || request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            && request.Headers.Origin is { Count: > 0 } origin
            && !string.Equals(origin.ToString(), $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        }

        return next(context);
    });
}
