using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Omnichannel.Transcripts.Pdf;
using Omnichannel.Transcripts.Rendering;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the PDFsharp transcript renderer.</summary>
/// <remarks>Stateless and thread-safe; registration itself is meant for start-up, on one thread.</remarks>
public static class PdfTranscriptServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="PdfSharpTranscriptRenderer"/> as the <see cref="ITranscriptPdfRenderer"/>, unless one is
    /// registered already. Options are validated when first resolved.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes to the default <see cref="PdfTranscriptOptions"/>; optional.</param>
    /// <returns>The service collection, for chaining.</returns>
    /// <example>
    /// <code>
    /// services.AddOmnichannelTranscripts().AddOmnichannelPdfTranscripts(o => o.PageSize = PdfSharp.PageSize.Letter);
    /// </code>
    /// </example>
    public static IServiceCollection AddOmnichannelPdfTranscripts(this IServiceCollection services, Action<PdfTranscriptOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PdfTranscriptOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PdfTranscriptOptions>, PdfTranscriptOptionsValidator>());
        services.TryAddSingleton<ITranscriptPdfRenderer, PdfSharpTranscriptRenderer>();
        return services;
    }
}
