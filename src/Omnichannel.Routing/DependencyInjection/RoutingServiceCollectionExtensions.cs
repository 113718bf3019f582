using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Routing;
using Omnichannel.Routing.Coordination;
using Omnichannel.Routing.DependencyInjection;
using Omnichannel.Routing.Dispatch;
using Omnichannel.Routing.Hosting;
using Omnichannel.Routing.Scheduling;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Omnichannel routing.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class RoutingServiceCollectionExtensions
{
    private static readonly Func<IServiceProvider, object> SchedulerAsWorkScheduler = static sp => sp.GetRequiredService<IScheduler>();

    /// <summary>
    /// Adds the router (and <c>AddOmnichannel</c> if not added yet): a dispatcher that assigns queued conversations with the
    /// chosen algorithm, off the callers' threads, woken by domain events and reconciled with the stores at least every
    /// <see cref="RoutingOptions.ReconcileInterval"/>. With a generic host, a hosted service starts and stops it; without
    /// one, resolve <see cref="IRoutingService"/> and call <see cref="IRoutingService.StartAsync"/> once (disposing the
    /// container stops it). Timers use <see cref="IScheduler"/> (real time unless the host registered another); with a
    /// virtual-time <see cref="IScheduler"/> (<c>Omnichannel.Testing.Scheduling.VirtualScheduler</c>) the dispatcher runs as scheduled work, deterministically, without threads.
    /// Several processes share departments through the <see cref="IRoutingCoordinator"/> registered (one process by default).
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
        // Core's real-time scheduler behind routing's port: one implementation of timers, long waits and disposal.
        services.TryAddSingleton<IScheduler>(static sp => new RealTimeScheduler(new Omnichannel.Scheduling.SystemScheduler(
            sp.GetRequiredService<IClock>(), sp.GetService<Microsoft.Extensions.Logging.ILogger<Omnichannel.Scheduling.SystemScheduler>>())));
        // Core's timed rules (typing expiry, inactivity) run on routing's scheduler: the last IWorkScheduler registered wins.
        if (!services.Any(static d => d.ServiceType == typeof(Omnichannel.Scheduling.IWorkScheduler) && d.ImplementationFactory == SchedulerAsWorkScheduler))
        {
            services.AddSingleton(typeof(Omnichannel.Scheduling.IWorkScheduler), SchedulerAsWorkScheduler);
        }

        services.TryAddSingleton<IRoutingCoordinator>(static sp => new InProcessRoutingCoordinator(sp.GetRequiredService<IClock>()));
        services.Replace(ServiceDescriptor.Singleton(sp => new RoutingAlgorithmSelection(builder, sp)));
        services.TryAddSingleton(static sp => new Omnichannel.Routing.Diagnostics.RoutingMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<Router>();
        services.TryAddSingleton<IRoutingService>(static sp => sp.GetRequiredService<Router>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RoutingHostedService>());
        return services;
    }
}
