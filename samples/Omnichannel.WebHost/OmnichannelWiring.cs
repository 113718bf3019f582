using MailKit.Security;
using Microsoft.Data.Sqlite;
using NodaTime;
using Omnichannel.Notifications;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.WebHost.Realtime;
using Omnichannel.WebHost.Hosting;
using Omnichannel.WebHost.Transcripts;

namespace Omnichannel.WebHost;

/// <summary>
/// Everything that plugs the Omnichannel library into this web host, in one place: the part an embedder copies.
/// The rest of the host (endpoints, hub, pages, sign-in) only calls the library's services from DI.
/// </summary>
public static class OmnichannelWiring
{
    /// <summary>Registers the library, its SQLite storage, routing, transcripts (PDF, SMTP) and the host's ports.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="settings">The host's settings.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddOmnichannelForWeb(this IServiceCollection services, WebHostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var dataDirectory = settings.ResolvedDataDirectory;
        Directory.CreateDirectory(dataDirectory);

        // 1. The lifecycle and the agent's workspace, stored in one SQLite file (migrated when the host starts).
        services.AddOmnichannel()
                .AddOmnichannelWorkspace()
                .AddOmnichannelSqlite(new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataDirectory, "omnichannel.db") }.ToString());

        // 2. Routing. Manual selection: agents see the queue and take ("Take it"), as in the guide; the router still keeps
        //    each department's queue, alerts eligible agents and computes the visitors' positions and estimated waits.
        services.AddOmnichannelRouting(routing => routing
            .UseManualSelection()
            .Configure(o => o.QueuePositionInterval = Duration.FromSeconds(settings.QueuePositionIntervalSeconds)));
        services.AddHostedService<RoutingStartup>();   // loads agents and queues at start (after the SQLite migration)

        // 3. Transcripts: emails through SMTP (MailKit adapter), PDFs with PDFsharp; the PDF an agent asks for arrives in
        //    their inbox as a direct message from the system (this host's ITranscriptDirectMessageSender).
        services.AddSingleton<AgentInbox>();
        services.AddSingleton<ITranscriptDirectMessageSender>(static sp => sp.GetRequiredService<AgentInbox>());
        services.AddOmnichannelTranscripts(o =>
                {
                    o.TimeZone = DateTimeZoneProviders.Tzdb[settings.TimeZone];
                    o.PollInterval = Duration.FromSeconds(settings.TranscriptPollIntervalSeconds);
                })
                .AddOmnichannelPdfTranscripts()
                .AddOmnichannelSmtpTranscripts(o =>
                {
                    o.Host = settings.Smtp.Host;
                    o.Port = settings.Smtp.Port;
                    o.Security = Enum.Parse<SecureSocketOptions>(settings.Smtp.Security, ignoreCase: true);
                    o.UserName = string.IsNullOrEmpty(settings.Smtp.UserName) ? null : settings.Smtp.UserName;
                    o.Password = string.IsNullOrEmpty(settings.Smtp.Password) ? null : settings.Smtp.Password;
                    o.FromAddress = settings.Smtp.FromAddress;
                    o.FromName = settings.Smtp.FromName;
                });
        services.AddHostedService<TranscriptDeliveryService>();   // one delivery worker per process

        // 4. Domain events to the browsers (SignalR). Routing registers its own listener beside this one.
        services.AddSingleton<IDomainEventPublisher, BrowserEventPublisher>();
        return services;
    }
}
