using Microsoft.Extensions.DependencyInjection.Extensions;
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
    /// by a host's <see cref="ICallProvider"/>), with in-memory stores for canned responses and calls. Anything the
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
        services.TryAddSingleton<IConversationSearchService, ConversationSearchService>();
        services.TryAddSingleton<IContactHistoryService, ContactHistoryService>();
        services.TryAddSingleton<ICallStore, InMemoryCallStore>();
        services.TryAddSingleton<ICallService, CallService>();
        return services;
    }
}
