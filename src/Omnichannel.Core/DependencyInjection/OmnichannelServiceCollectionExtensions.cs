using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Diagnostics;
using Omnichannel.DependencyInjection;
using Omnichannel.Logging;
using Omnichannel.Notifications;
using Omnichannel.Outbox;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Omnichannel in a service collection.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class OmnichannelServiceCollectionExtensions
{
    /// <summary>
    /// Registers the conversation, agent and department services with their defaults: in-memory storage,
    /// <see cref="SystemClock"/>, and no event publisher. Anything the host registered before (a storage
    /// adapter, an <see cref="IClock"/>, publishers) is kept. Calling it twice is harmless.
    /// Options are validated when the services are first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default <see cref="OmnichannelOptions"/>; optional.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannel(o => o.CountOnHoldTowardCapacity = true);
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannel(this IServiceCollection services, Action<OmnichannelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<OmnichannelOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<OmnichannelOptions>, OmnichannelOptionsValidator>());
        // No ILoggerFactory here: the host's logging (AddLogging, before or after this call) receives the logs.
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(HostLogger<>)));
        services.TryAddSingleton<IClock>(SystemClock.Instance);
        services.TryAddSingleton<IConversationIdGenerator, GuidConversationIdGenerator>();
        // One in-memory instance serves as conversation store and outbox, so jobs are written atomically with conversations.
        services.TryAddSingleton(static sp =>
        {
            var options = sp.GetRequiredService<IOptions<OmnichannelOptions>>().Value;
            return new InMemoryConversationStore(sp.GetRequiredService<IClock>(), options.OutboxRetention, options.ClosedConversationRetention);
        });
        services.TryAddSingleton<IConversationStore>(static sp => sp.GetRequiredService<InMemoryConversationStore>());
        services.TryAddSingleton<IOutboxStore>(static sp => sp.GetRequiredService<InMemoryConversationStore>());
        services.TryAddSingleton<Omnichannel.Conversations.IConversationListStore>(static sp =>
            sp.GetRequiredService<IConversationStore>() as Omnichannel.Conversations.IConversationListStore
            ?? new Omnichannel.Conversations.MissingConversationListStore(sp.GetRequiredService<IConversationStore>().GetType()));
        services.TryAddSingleton<IAgentStore, InMemoryAgentStore>();
        services.TryAddSingleton<IDepartmentStore, InMemoryDepartmentStore>();
        services.TryAddSingleton<IContactStore, InMemoryContactStore>();
        services.TryAddSingleton<DomainEventDispatcher>();
        // The same instance: what routing subscribes to is what the services publish through.
        services.TryAddSingleton<IDomainEventBus>(static sp => sp.GetRequiredService<DomainEventDispatcher>());
        services.TryAddSingleton<Omnichannel.Access.IAccessPolicy, Omnichannel.Access.AccessPolicy>();
        Instrumentation.AddServices(services); // IConversationService and IAgentService, traced, with their metrics
        services.TryAddSingleton<IDepartmentService, DepartmentService>();
        services.TryAddSingleton<IContactService, ContactService>();
        // Managed tags, and the scheduling port of Core's timed rules (routing's scheduler when routing is added).
        services.TryAddSingleton<Omnichannel.Tags.ITagStore, Omnichannel.Tags.InMemoryTagStore>();
        services.TryAddSingleton<Omnichannel.Tags.ITagService, Omnichannel.Tags.TagService>();
        services.TryAddSingleton(static sp => new Omnichannel.Scheduling.WorkSchedulerAccessor(
            sp.GetServices<Omnichannel.Scheduling.IWorkScheduler>(),
            () => new Omnichannel.Scheduling.SystemScheduler(sp.GetRequiredService<IClock>(), sp.GetRequiredService<ILogger<Omnichannel.Scheduling.SystemScheduler>>())));
        return services;
    }
}
