using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Omnichannel.WebHost.Attachments;
using Omnichannel.WebHost.Hosting;
using Omnichannel.WebHost.Realtime;
using Omnichannel.WebHost.Security;
using Omnichannel.WebHost.Seed;

namespace Omnichannel.WebHost;

/// <summary>Builds the web application: the library (see <see cref="OmnichannelWiring"/>), sign-in, security, the API, the hub and the pages.</summary>
public static class WebHostApp
{
    /// <summary>The largest request body outside file uploads.</summary>
    public const long MaxRequestBodyBytes = 256 * 1024;

    /// <summary>Builds the application. Without a configured address it listens on 127.0.0.1 on a free port.</summary>
    /// <param name="args">Command-line arguments (configuration overrides such as <c>--WebHost:DataDirectory=DIR</c> or <c>--urls=URL</c>).</param>
    /// <param name="configure">Changes before the services are registered (tests set their configuration here).</param>
    /// <returns>The application, not started.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
        });
        configure?.Invoke(builder);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }

        var settings = builder.Configuration.GetSection(WebHostSettings.Section).Get<WebHostSettings>() ?? new WebHostSettings();
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddOmnichannelForWeb(settings);
        services.AddOmnichannelTelemetry(builder.Configuration);   // OpenTelemetry: Omnichannel's meter and spans

        // The host's own parts.
        services.AddSingleton<AgentCredentials>();
        services.AddSingleton<VisitorTokens>();
        services.AddSingleton<AttachmentFiles>();
        services.AddSingleton<ConversationReader>();
        services.AddSingleton<DemoSeed>();
        services.AddHostedService(static sp => sp.GetRequiredService<DemoSeed>());   // after the SQLite migration, registered before it

        // Security: cookie sign-in, anti-forgery, rate limits on sign-in and chat starts, small request bodies.
        services.AddDataProtection().PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.ResolvedDataDirectory, "keys")));
        services.AddAuthentication(AgentIdentity.Scheme).AddCookie(AgentIdentity.Scheme, o =>
        {
            o.Cookie.Name = "omnichannel.agent";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;   // Always, behind HTTPS
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = static context => WriteStatus(context.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = static context => WriteStatus(context.Response, StatusCodes.Status403Forbidden);
        });
        services.AddAuthorization();
        services.AddAntiforgery(o =>
        {
            o.HeaderName = AntiforgeryFilter.Header;
            o.Cookie.Name = "omnichannel.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SuppressXFrameOptionsHeader = true;   // SecurityHeaders sends DENY on every response
        });
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            foreach (var policy in new[] { SessionEndpoints.SignInLimit, SessionEndpoints.ChatStartLimit })
            {
                o.AddPolicy(policy, static context => RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    static _ => new FixedWindowRateLimiterOptions { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) }));
            }
        });
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = MaxRequestBodyBytes;
        });
        services.AddSignalR(o => o.MaximumReceiveMessageSize = 16 * 1024);
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        var app = builder.Build();
        app.UseSecurityHeaders();
        app.UseSameOriginForApi();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapSessionEndpoints();
        app.MapConversationEndpoints();
        app.MapWorkspaceEndpoints();
        app.MapVisitorEndpoints();
        app.MapHub<ConsoleHub>("/hubs/console");
        return app;
    }

    /// <summary>The address the started application listens on.</summary>
    public static Uri Address(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        return new Uri(addresses.First());
    }

    private static Task WriteStatus(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
