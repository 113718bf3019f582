using Microsoft.Extensions.Options;

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

        if (options.OutboxRetention <= NodaTime.Duration.Zero)
        {
            failures.Add($"OmnichannelOptions.OutboxRetention must be positive; it is {options.OutboxRetention}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
