using Microsoft.Extensions.Options;
using PdfSharp;

namespace Omnichannel.Transcripts.Pdf;

/// <summary>Refuses layouts the renderer cannot honour, naming the setting and the allowed range.</summary>
internal sealed class PdfTranscriptOptionsValidator : IValidateOptions<PdfTranscriptOptions>
{
    public ValidateOptionsResult Validate(string? name, PdfTranscriptOptions options)
    {
        var failures = new List<string>();
        if (options.FontSize is < 6 or > 24 || double.IsNaN(options.FontSize))
        {
            failures.Add($"PdfTranscriptOptions.FontSize must be between 6 and 24 points; it is {options.FontSize}.");
        }

        if (options.PageSize == PageSize.Undefined || !Enum.IsDefined(options.PageSize))
        {
            failures.Add($"PdfTranscriptOptions.PageSize must be a defined paper size; it is {options.PageSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
