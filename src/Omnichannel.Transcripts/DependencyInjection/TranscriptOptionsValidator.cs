using Microsoft.Extensions.Options;
using NodaTime;

namespace Omnichannel.Transcripts.DependencyInjection;

/// <summary>Refuses options that would make transcripts misbehave, naming the setting and the allowed range.</summary>
internal sealed class TranscriptOptionsValidator : IValidateOptions<TranscriptOptions>
{
    public ValidateOptionsResult Validate(string? name, TranscriptOptions options)
    {
        var failures = new List<string>();
        if (options.TimeZone is null)
        {
            failures.Add("TranscriptOptions.TimeZone must be set.");
        }

        if (options.MaxEmailSubjectLength is < 1 or > 998)
        {
            failures.Add($"TranscriptOptions.MaxEmailSubjectLength must be between 1 and 998; it is {options.MaxEmailSubjectLength}.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultEmailSubject) || options.DefaultEmailSubject.AsSpan().IndexOfAny('\r', '\n') >= 0
            || options.DefaultEmailSubject.Length > options.MaxEmailSubjectLength)
        {
            failures.Add($"TranscriptOptions.DefaultEmailSubject must be one non-blank line of at most {options.MaxEmailSubjectLength} characters.");
        }

        if (options.MaxDeliveryAttempts is < 1 or > 100)
        {
            failures.Add($"TranscriptOptions.MaxDeliveryAttempts must be between 1 and 100; it is {options.MaxDeliveryAttempts}.");
        }

        Positive(failures, nameof(options.InitialRetryDelay), options.InitialRetryDelay);
        Positive(failures, nameof(options.LeaseDuration), options.LeaseDuration);
        Positive(failures, nameof(options.PollInterval), options.PollInterval);
        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add($"TranscriptOptions.MaxRetryDelay ({options.MaxRetryDelay}) must be at least InitialRetryDelay ({options.InitialRetryDelay}).");
        }

        if (string.IsNullOrWhiteSpace(options.WorkerName))
        {
            failures.Add("TranscriptOptions.WorkerName must not be blank.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string name, Duration value)
    {
        if (value <= Duration.Zero)
        {
            failures.Add($"TranscriptOptions.{name} must be positive; it is {value}.");
        }
    }
}
