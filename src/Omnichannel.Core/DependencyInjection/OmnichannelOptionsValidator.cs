using Microsoft.Extensions.Options;
using Omnichannel.Validation;

namespace Omnichannel.DependencyInjection;

/// <summary>Refuses options that would make the library misbehave, naming the setting and the allowed range.</summary>
internal sealed class OmnichannelOptionsValidator : IValidateOptions<OmnichannelOptions>
{
    public ValidateOptionsResult Validate(string? name, OmnichannelOptions options)
    {
        var failures = new List<string>();
        if (options.MaxMessageLength < 1)
        {
            failures.Add($"OmnichannelOptions.MaxMessageLength must be at least 1; it is {options.MaxMessageLength}.");
        }

        if (options.MaxCommentLength < 1)
        {
            failures.Add($"OmnichannelOptions.MaxCommentLength must be at least 1; it is {options.MaxCommentLength}.");
        }

        if (options.MaxWriteAttempts is < 1 or > 1000)
        {
            failures.Add($"OmnichannelOptions.MaxWriteAttempts must be between 1 and 1000; it is {options.MaxWriteAttempts}.");
        }

        Range(failures, nameof(options.MaxNameLength), options.MaxNameLength, 10_000);
        Range(failures, nameof(options.MaxIdLength), options.MaxIdLength, 10_000);
        Range(failures, nameof(options.MaxTagCount), options.MaxTagCount, 10_000);
        Range(failures, nameof(options.MaxTagLength), options.MaxTagLength, 10_000);
        Range(failures, nameof(options.MaxListLength), options.MaxListLength, 100_000);
        Range(failures, nameof(options.MaxAttachmentsPerMessage), options.MaxAttachmentsPerMessage, 10_000);
        Range(failures, nameof(options.MaxAttachmentNameLength), options.MaxAttachmentNameLength, 10_000);
        Range(failures, nameof(options.MaxAttachmentReferenceLength), options.MaxAttachmentReferenceLength, 100_000);
        if (options.AttachmentReferenceSchemes is null || options.AttachmentReferenceSchemes.Any(s => !AttachmentRules.IsSchemeName(s)))
        {
            failures.Add("OmnichannelOptions.AttachmentReferenceSchemes must hold URL scheme names only (a letter, then letters, digits, '+', '-' or '.'; for example \"https\").");
        }

        if (options.OutboxRetention <= NodaTime.Duration.Zero)
        {
            failures.Add($"OmnichannelOptions.OutboxRetention must be positive; it is {options.OutboxRetention}.");
        }

        if (options.ClosedConversationRetention <= NodaTime.Duration.Zero)
        {
            failures.Add($"OmnichannelOptions.ClosedConversationRetention must be positive when set; it is {options.ClosedConversationRetention}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string name, int value, int max)
    {
        if (value < 1 || value > max)
        {
            failures.Add($"OmnichannelOptions.{name} must be between 1 and {max:N0}; it is {value}.");
        }
    }
}
