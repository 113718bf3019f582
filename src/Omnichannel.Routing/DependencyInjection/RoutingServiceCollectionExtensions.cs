using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Notifications;
using Omnichannel.Routing;
using Omnichannel.Routing.DependencyInjection;
using Omnichannel.Routing.Dispatch;
using Omnichannel.Routing.Scheduling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Omnichannel routing.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class RoutingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the router (and <c>AddOmnichannel</c> if not added yet). It listens to domain events and assigns
    /// queued conversations with the chosen algorithm; timers use <see cref="IScheduler"/> (real time unless the
    /// host registered another, such as <see cref="VirtualScheduler"/>).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Chooses algorithms and options; least busy with no timeouts when null.</param>
    /// <returns>The service collection.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannel().AddOmnichannelRouting(r => r
    ///     .UseLoadBalancing()
    ///     .ForDepartment(new DepartmentId("vip"), d => d.UseLongestIdle().PreferAgentsWhoKnowTheContact())
    ///     .Configure(o => o.OverflowAfter = Duration.FromMinutes(5)));
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelRouting(this IServiceCollection services, Action<RoutingBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOmnichannel();
        var builder = new RoutingBuilder();
        configure?.Invoke(builder);

        var options = services.AddOptions<RoutingOptions>().ValidateOnStart();
        foreach (var action in builder.OptionActions)
        {
            options.Configure(action);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RoutingOptions>, RoutingOptionsValidator>());
        services.TryAddSingleton<IScheduler>(static sp => new SystemScheduler(sp.GetRequiredService<IClock>(), sp.GetService<Microsoft.Extensions.Logging.ILogger<SystemScheduler>>()));
        services.Replace(ServiceDescriptor.Singleton(new RoutingAlgorithmSelection(builder)));
        services.TryAddSingleton<RoutingEngine>();
        services.TryAddSingleton<IRoutingService>(static sp => sp.GetRequiredService<RoutingEngine>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDomainEventPublisher, RoutingEventSubscriber>());
        return services;
    }
}
