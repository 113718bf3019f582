using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Omnichannel.Transcripts.Delivery;
using Omnichannel.Transcripts.Mail;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SMTP transcript email sender.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class SmtpTranscriptServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="SmtpTranscriptEmailSender"/> as the <see cref="ITranscriptEmailSender"/>, replacing any
    /// other. Options are validated when the sender is first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">The SMTP settings (at least <see cref="SmtpTranscriptEmailOptions.Host"/> and <see cref="SmtpTranscriptEmailOptions.FromAddress"/>).</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannelTranscripts().AddOmnichannelSmtpTranscripts(o => { o.Host = "smtp.example.com"; o.FromAddress = "support@example.com"; });
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelSmtpTranscripts(this IServiceCollection services, Action<SmtpTranscriptEmailOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<SmtpTranscriptEmailOptions>().Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpTranscriptEmailOptions>, SmtpTranscriptEmailOptionsValidator>());
        services.RemoveAll<ITranscriptEmailSender>();
        services.AddSingleton<ITranscriptEmailSender, SmtpTranscriptEmailSender>();
        return services;
    }
}
