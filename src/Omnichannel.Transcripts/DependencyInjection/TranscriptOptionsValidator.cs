using Microsoft.Extensions.Options;
using NodaTime;

namespace Omnichannel.Transcripts.DependencyInjection;

/// <summary>Refuses options that would make transcripts misbehave, naming the setting and the allowed range.</summary>
internal sealed class TranscriptOptionsValidator : IValidateOptions<TranscriptOptions>
{
    /// <summary>The longest retry delay or lease: ten years (a due time is the clock plus it, and must stay representable).</summary>
    internal static readonly Duration LongestDelay = Duration.FromDays(3653);

    /// <summary>The longest poll interval: what a timer can wait (about 24.8 days; Task.Delay refuses more).</summary>
    internal static readonly Duration LongestPollInterval = Duration.FromMilliseconds(int.MaxValue);

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

        if (string.IsNullOrWhiteSpace(options.BotName) || options.BotName.Length > 200 || options.BotName.Any(char.IsControl))
        {
            failures.Add("TranscriptOptions.BotName must be one non-blank line of at most 200 characters (the bot user who sends transcripts).");
        }

        // No control character at all (a NUL cannot be stored by PostgreSQL nor sent in a mail header), as a requested subject.
        if (string.IsNullOrWhiteSpace(options.DefaultEmailSubject) || options.DefaultEmailSubject.Any(char.IsControl)
            || options.DefaultEmailSubject.Length > options.MaxEmailSubjectLength)
        {
            failures.Add($"TranscriptOptions.DefaultEmailSubject must be one non-blank line of at most {options.MaxEmailSubjectLength} characters, without control characters.");
        }

        if (options.MaxDeliveryAttempts is < 1 or > 100)
        {
            failures.Add($"TranscriptOptions.MaxDeliveryAttempts must be between 1 and 100; it is {options.MaxDeliveryAttempts}.");
        }

        Positive(failures, nameof(options.InitialRetryDelay), options.InitialRetryDelay);
        Positive(failures, nameof(options.LeaseDuration), options.LeaseDuration);
        Positive(failures, nameof(options.PollInterval), options.PollInterval);
        AtMost(failures, nameof(options.InitialRetryDelay), options.InitialRetryDelay, LongestDelay);
        AtMost(failures, nameof(options.MaxRetryDelay), options.MaxRetryDelay, LongestDelay);
        AtMost(failures, nameof(options.LeaseDuration), options.LeaseDuration, LongestDelay);
        AtMost(failures, nameof(options.PollInterval), options.PollInterval, LongestPollInterval);
        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add($"TranscriptOptions.MaxRetryDelay ({options.MaxRetryDelay}) must be at least InitialRetryDelay ({options.InitialRetryDelay}).");
        }

        if (options.MaxRecordAttempts is < 1 or > 20)
        {
            failures.Add($"TranscriptOptions.MaxRecordAttempts must be between 1 and 20; it is {options.MaxRecordAttempts}.");
        }

        Positive(failures, nameof(options.InitialRecordRetryDelay), options.InitialRecordRetryDelay);
        if (options.MaxRecordAttempts is >= 1 and <= 20 && options.InitialRecordRetryDelay > Duration.Zero && options.LeaseDuration > Duration.Zero)
        {
            // The waits are 1, 2, 4, ... times the initial delay: 2^(attempts - 1) - 1 times it in all.
            var waits = options.InitialRecordRetryDelay.TotalSeconds * ((1 << (options.MaxRecordAttempts - 1)) - 1);
            if (waits >= options.LeaseDuration.TotalSeconds / 2)
            {
                failures.Add($"TranscriptOptions.InitialRecordRetryDelay ({options.InitialRecordRetryDelay}) with MaxRecordAttempts ({options.MaxRecordAttempts}) waits {waits:0.###} s in all, which must stay under half of LeaseDuration ({options.LeaseDuration}).");
            }
        }

        // The name is stored with every lease: one line a store can hold (PostgreSQL refuses NUL), bounded.
        if (string.IsNullOrWhiteSpace(options.WorkerName) || options.WorkerName.Length > 200 || options.WorkerName.Any(char.IsControl))
        {
            failures.Add("TranscriptOptions.WorkerName must be one non-blank line of at most 200 characters, without control characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AtMost(List<string> failures, string name, Duration value, Duration longest)
    {
        if (value > longest)
        {
            failures.Add($"TranscriptOptions.{name} is {value}, longer than {longest}; that is taken for a mistake in units (and cannot be waited or added to a time).");
        }
    }

    private static void Positive(List<string> failures, string name, Duration value)
    {
        if (value <= Duration.Zero)
        {
            failures.Add($"TranscriptOptions.{name} must be positive; it is {value}.");
        }
    }
}
