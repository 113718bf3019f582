using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Outbox;
using Omnichannel.Storage.Sqlite;
using Omnichannel.Storage.Sqlite.Internal;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SQLite storage adapter in a service collection.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class SqliteOmnichannelServiceCollectionExtensions
{
    /// <summary>
    /// Stores everything Omnichannel keeps (conversations and their messages, the outbox, agents, departments,
    /// contacts, canned responses, calls) in one SQLite database file, replacing the in-memory stores whether
    /// <c>AddOmnichannel()</c> is called before or after. The schema is migrated when the host starts (or on first use
    /// without a host).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="connectionString">A connection string naming the database file, for example <c>Data Source=omnichannel.db</c>.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannel().AddOmnichannelSqlite("Data Source=omnichannel.db");
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelSqlite(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services.AddOmnichannelSqlite(options => options.ConnectionString = connectionString);
    }

    /// <summary>
    /// Stores everything Omnichannel keeps in one SQLite database file configured by <paramref name="configure"/>,
    /// replacing the in-memory stores whether <c>AddOmnichannel()</c> is called before or after.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Sets the connection string and, optionally, migration and locking behaviour.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannel().AddOmnichannelSqlite(o =>
    /// {
    ///     o.ConnectionString = "Data Source=/var/lib/omnichannel/omnichannel.db";
    ///     o.MigrateOnStartup = false; // run database.MigrateAsync() from a deployment step instead
    /// });
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelSqlite(this IServiceCollection services, Action<SqliteStorageOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SqliteStorageOptions>().Configure(configure).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SqliteStorageOptions>, Omnichannel.Storage.Sqlite.DependencyInjection.SqliteStorageOptionsValidator>());
        services.TryAddSingleton(static sp => new SqliteOmnichannelDatabase(
            sp.GetRequiredService<IOptions<SqliteStorageOptions>>().Value,
            sp.GetService<ILogger<SqliteOmnichannelDatabase>>(),
            sp.GetService<NodaTime.IClock>()));

        // Replace, not TryAdd: AddOmnichannel() may have registered the in-memory stores already; its own TryAdds
        // leave these alone if it runs later.
        services.Replace(ServiceDescriptor.Singleton<IConversationStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().Conversations));
        services.Replace(ServiceDescriptor.Singleton<IOutboxStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().Outbox));
        services.Replace(ServiceDescriptor.Singleton<IAgentStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().Agents));
        services.Replace(ServiceDescriptor.Singleton<IDepartmentStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().Departments));
        services.Replace(ServiceDescriptor.Singleton<IContactStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().Contacts));
        services.Replace(ServiceDescriptor.Singleton<ICannedResponseStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().CannedResponses));
        services.Replace(ServiceDescriptor.Singleton<ICallStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().Calls));
        services.Replace(ServiceDescriptor.Singleton<Omnichannel.Tags.ITagStore>(static sp => sp.GetRequiredService<SqliteOmnichannelDatabase>().Tags));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SqliteMigrationHostedService>());
        return services;
    }
}
