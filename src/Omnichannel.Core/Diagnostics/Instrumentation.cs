using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Omnichannel.Agents;
using Omnichannel.Conversations;

namespace Omnichannel.Diagnostics;

/// <summary>
/// Wires Core's metrics and spans into the container: the services are built as before and wrapped in their traced
/// decorators; the conversation service reports every stored change to <see cref="OmnichannelMetrics"/>.
/// </summary>
internal static class Instrumentation
{
    /// <summary>Registers the metrics, the concrete services, and the traced interfaces over them (unless the host registered its own).</summary>
    public static void AddServices(IServiceCollection services)
    {
        services.TryAddSingleton(static sp => new OmnichannelMetrics(sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<ConversationService>();
        services.TryAddSingleton<AgentService>();
        services.TryAddSingleton<IConversationService>(static sp =>
        {
            var service = sp.GetRequiredService<ConversationService>();
            service.Metrics = sp.GetRequiredService<OmnichannelMetrics>();
            return new TracedConversationService(service);
        });
        services.TryAddSingleton<IAgentService>(static sp => new TracedAgentService(sp.GetRequiredService<AgentService>()));
    }
}
