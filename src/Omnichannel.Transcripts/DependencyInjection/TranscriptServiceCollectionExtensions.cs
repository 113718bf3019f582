using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Outbox;
using Omnichannel.Transcripts;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.DependencyInjection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers Omnichannel transcripts in a service collection.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class TranscriptServiceCollectionExtensions
{
    /// <summary>
    /// Registers transcripts on top of <c>AddOmnichannel()</c> (called if it was not): the <see cref="ITranscriptService"/>,
    /// the close hook that records transcript jobs with every close, and the <see cref="TranscriptDeliveryWorker"/> with a
    /// hosted service that runs it in the background of a generic host (<see cref="TranscriptOptions.RunWorkerInBackground"/>).
    /// The host adds the ports: an <see cref="ITranscriptEmailSender"/> (for example <c>AddOmnichannelSmtpTranscripts</c>),
    /// an <see cref="ITranscriptDirectMessageSender"/>, and for PDFs an <c>ITranscriptPdfRenderer</c>
    /// (<c>AddOmnichannelPdfTranscripts</c>). Calling it twice is harmless; options are validated when first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default <see cref="TranscriptOptions"/>; optional.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannelTranscripts(o => o.TimeZone = DateTimeZoneProviders.Tzdb["Europe/Paris"]);
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelTranscripts(this IServiceCollection services, Action<TranscriptOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOmnichannel();
        var options = services.AddOptions<TranscriptOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TranscriptOptions>, TranscriptOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConversationCloseContributor, TranscriptCloseContributor>());
        services.TryAddSingleton(static sp => new Omnichannel.Transcripts.Diagnostics.TranscriptMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<TranscriptBuilder>();
        services.TryAddSingleton<TranscriptJobHandler>();
        services.TryAddSingleton<ITranscriptService, TranscriptService>();
        services.TryAddSingleton(static sp => new TranscriptDeliveryWorker(
            sp.GetRequiredService<IOutboxStore>(),
            sp.GetRequiredService<TranscriptJobHandler>(),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOptions<TranscriptOptions>>().Value,
            sp.GetRequiredService<ILogger<TranscriptDeliveryWorker>>(),
            sp.GetRequiredService<Omnichannel.Transcripts.Diagnostics.TranscriptMetrics>()));
        // A generic host runs the worker by itself: a host that never calls RunAsync still delivers every transcript.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TranscriptDeliveryService>());
        return services;
    }
}
