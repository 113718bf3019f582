using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Outbox;
using Omnichannel.Routing.Coordination;
using Omnichannel.Storage.PostgreSql;
using Omnichannel.Storage.PostgreSql.Coordination;
using Omnichannel.Storage.PostgreSql.DependencyInjection;
using Omnichannel.Storage.PostgreSql.Internal;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PostgreSQL storage adapter in a service collection.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class PostgreSqlServiceCollectionExtensions
{
    /// <summary>
    /// Stores everything Omnichannel keeps in one PostgreSQL database: registers a singleton
    /// <see cref="PostgreSqlOmnichannelDatabase"/> (pooled connections through an Npgsql data source) and makes it every
    /// store (<see cref="IConversationStore"/>, <see cref="IOutboxStore"/>, <see cref="IAgentStore"/>,
    /// <see cref="IDepartmentStore"/>, <see cref="IContactStore"/>, <see cref="ICannedResponseStore"/>,
    /// <see cref="ICallStore"/>), replacing the in-memory defaults whether <c>AddOmnichannel</c> was called before or after.
    /// Routing, when added, coordinates through the database (<see cref="IRoutingCoordinator"/>: department leases as
    /// advisory locks, wake-ups through LISTEN/NOTIFY), so routers of several processes share the departments.
    /// The schema is migrated when the host starts (or at the first store call without a host) unless
    /// <see cref="PostgreSqlStorageOptions.MigrateOnStartup"/> is false.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <exception cref="ArgumentException">The connection string is empty or malformed (the message never repeats it).</exception>
    /// <example>
    /// <code>
    /// services.AddOmnichannel().AddOmnichannelPostgreSql("Host=db;Database=omnichannel;Username=omni;Password=secret");
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelPostgreSql(this IServiceCollection services, string connectionString)
    {
        // Checked now, so a typo fails where it is written rather than at the first conversation.
        ConnectionStrings.Parse(connectionString);
        return services.AddOmnichannelPostgreSql(o => o.ConnectionString = connectionString);
    }

    /// <summary>
    /// Stores everything Omnichannel keeps in one PostgreSQL database, configured through
    /// <see cref="PostgreSqlStorageOptions"/>; see <see cref="AddOmnichannelPostgreSql(IServiceCollection, string)"/>.
    /// The options are validated at host start-up.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the connection string and behaviour.</param>
    /// <returns>The service collection, for chaining.</returns>
    public static IServiceCollection AddOmnichannelPostgreSql(this IServiceCollection services, Action<PostgreSqlStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgreSqlStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgreSqlStorageOptions>, PostgreSqlStorageOptionsValidator>());
        services.TryAddSingleton(static sp => new PostgreSqlOmnichannelDatabase(
            sp.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value,
            sp.GetService<ILogger<PostgreSqlOmnichannelDatabase>>(),
            sp.GetService<NodaTime.IClock>()));
        Replace<IConversationStore>(services, static db => db.Conversations);
        Replace<IOutboxStore>(services, static db => db.Outbox);
        Replace<IAgentStore>(services, static db => db.Agents);
        Replace<IDepartmentStore>(services, static db => db.Departments);
        Replace<IContactStore>(services, static db => db.Contacts);
        Replace<ICannedResponseStore>(services, static db => db.CannedResponses);
        Replace<ICallStore>(services, static db => db.Calls);
        Replace<Omnichannel.Tags.ITagStore>(services, static db => db.Tags);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, PostgreSqlStartup>());
        // Routers of every process on this database share departments through it (whether routing is added before or
        // after); nothing connects unless a router runs.
        services.RemoveAll<IRoutingCoordinator>();
        services.AddSingleton<IRoutingCoordinator>(static sp => new PostgreSqlRoutingCoordinator(
            sp.GetRequiredService<PostgreSqlOmnichannelDatabase>(),
            sp.GetRequiredService<NodaTime.IClock>(),
            sp.GetService<ILogger<PostgreSqlRoutingCoordinator>>()));
        return services;
    }

    private static void Replace<TStore>(IServiceCollection services, Func<PostgreSqlOmnichannelDatabase, TStore> store)
        where TStore : class
    {
        services.RemoveAll<TStore>();
        services.AddSingleton(sp => store(sp.GetRequiredService<PostgreSqlOmnichannelDatabase>()));
    }
}
