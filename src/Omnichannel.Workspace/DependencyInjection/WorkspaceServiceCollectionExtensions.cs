using Microsoft.Extensions.DependencyInjection.Extensions;
using Omnichannel.Notifications;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;
using Omnichannel.Workspace.Contacts;
using Omnichannel.Workspace.Search;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the agent's workspace (Omnichannel.Workspace) in a service collection.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class WorkspaceServiceCollectionExtensions
{
    /// <summary>
    /// Registers Omnichannel (<see cref="OmnichannelServiceCollectionExtensions.AddOmnichannel"/>, with its defaults)
    /// and the agent's workspace: canned responses, message and attachment search, contact history and calls (enabled
    /// by a host's <see cref="ICallProvider"/>; a conversation that closes ends its active call), with in-memory stores for canned
    /// responses and calls. Anything the
    /// host registered before (a storage adapter, a call provider) is kept. Calling it twice is harmless.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannel(o => o.MaxMessageLength = 4_000).AddOmnichannelWorkspace();
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelWorkspace(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOmnichannel();
        services.TryAddSingleton<ICannedResponseStore, InMemoryCannedResponseStore>();
        services.TryAddSingleton<ICannedResponseService, CannedResponseService>();
        services.TryAddSingleton(static sp => new Omnichannel.Workspace.Diagnostics.SearchMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<ConversationSearchService>();
        services.TryAddSingleton<IConversationSearchService>(static sp => new Omnichannel.Workspace.Diagnostics.MeteredConversationSearchService(
            sp.GetRequiredService<ConversationSearchService>(), sp.GetRequiredService<Omnichannel.Workspace.Diagnostics.SearchMetrics>()));
        services.TryAddSingleton<IContactHistoryService, ContactHistoryService>();
        services.TryAddSingleton<ICallStore, InMemoryCallStore>();
        services.TryAddSingleton<ICallService, CallService>();
        services.TryAddSingleton<ClosedConversationCalls>();
        // A conversation that closes ends its call (in whatever service closed it: agent, contact, timeouts, routing).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventPublisher, EndCallsOnClose>());
        return services;
    }
}
