using Microsoft.Extensions.Options;
using Omnichannel.Validation;

namespace Omnichannel.DependencyInjection;

/// <summary>Refuses options that would make the library misbehave, naming the setting and the allowed range.</summary>
internal sealed class OmnichannelOptionsValidator : IValidateOptions<OmnichannelOptions>
{
    public ValidateOptionsResult Validate(string? name, OmnichannelOptions options)
    {
        var failures = new List<string>();
        // Bounded above as every other limit: a message is stored, rendered into transcripts and searched whole, so a
        // limit of int.MaxValue is a mistake, not a wish (and would let one message take gigabytes).
        Range(failures, nameof(options.MaxMessageLength), options.MaxMessageLength, MaxMessageLengthLimit);
        Range(failures, nameof(options.MaxCommentLength), options.MaxCommentLength, MaxCommentLengthLimit);

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

        if (options.MaxConversationsPerAgent is < 0 or > 100_000)
        {
            failures.Add($"OmnichannelOptions.MaxConversationsPerAgent must be between 0 (no limit) and 100,000; it is {options.MaxConversationsPerAgent}.");
        }

        if (options.CustomFields is null)
        {
            failures.Add("OmnichannelOptions.CustomFields must not be null.");
        }
        else
        {
            failures.AddRange(Contacts.CustomFieldRules.Problems(options.CustomFields, options.MaxNameLength));
        }

        SeedRules(failures, options);
        if (options.EstimatedHandleTime <= NodaTime.Duration.Zero)
        {
            failures.Add($"OmnichannelOptions.EstimatedHandleTime must be positive; it is {options.EstimatedHandleTime}.");
        }

        if (options.RolePermissions is null || options.RolePermissions.Roles.Keys.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add("OmnichannelOptions.RolePermissions must name every role (no blank role names).");
        }

        if (options.ClosedConversationRetention <= NodaTime.Duration.Zero)
        {
            failures.Add($"OmnichannelOptions.ClosedConversationRetention must be positive when set; it is {options.ClosedConversationRetention}.");
        }

        // Each is added to the clock (a due time, a prune cut-off, a timer): beyond ten years it is a mistake in units, and
        // near Duration.MaxValue the sum overflows where it is used, long after start-up.
        NotAbsurd(failures, nameof(options.OutboxRetention), options.OutboxRetention);
        NotAbsurd(failures, nameof(options.ClosedConversationRetention), options.ClosedConversationRetention);
        NotAbsurd(failures, nameof(options.CloseAbandonedAfter), options.CloseAbandonedAfter);
        NotAbsurd(failures, nameof(options.CloseOnHoldAfter), options.CloseOnHoldAfter);
        NotAbsurd(failures, nameof(options.EstimatedHandleTime), options.EstimatedHandleTime);
        foreach (var policy in options.ServiceLevelPolicies ?? [])
        {
            NotAbsurd(failures, $"{nameof(options.ServiceLevelPolicies)}[{policy?.Name}].DueAfter", policy?.DueAfter);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The priorities, service levels, typing and inactivity settings.</summary>
    private static void SeedRules(List<string> failures, OmnichannelOptions options)
    {
        var priorities = options.Priorities ?? [];
        if (priorities.Any(p => string.IsNullOrWhiteSpace(p) || p.Any(char.IsControl) || p.Trim().Length > options.MaxNameLength
                || string.Equals(p.Trim(), Conversations.ConversationPriority.NoneName, StringComparison.OrdinalIgnoreCase))
            || priorities.Select(p => p?.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != priorities.Count)
        {
            failures.Add("OmnichannelOptions.Priorities must be unique names (ignoring letter case), each one non-blank line of at most MaxNameLength characters, and not \"None\".");
        }

        var policies = options.ServiceLevelPolicies ?? [];
        if (policies.Any(p => p is null || string.IsNullOrWhiteSpace(p.Name) || p.Name.Any(char.IsControl) || p.Name.Length > options.MaxNameLength || p.DueAfter <= NodaTime.Duration.Zero)
            || policies.Select(p => p?.Name?.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count() != policies.Count)
        {
            failures.Add("OmnichannelOptions.ServiceLevelPolicies must have unique names (ignoring letter case), each one non-blank line of at most MaxNameLength characters, with a positive DueAfter.");
        }

        if (options.TypingThrottleInterval < NodaTime.Duration.Zero || options.TypingThrottleInterval > NodaTime.Duration.FromMinutes(1))
        {
            failures.Add($"OmnichannelOptions.TypingThrottleInterval must be between zero and 1 minute; it is {options.TypingThrottleInterval}.");
        }

        if (options.TypingExpiry <= NodaTime.Duration.Zero || options.TypingExpiry > NodaTime.Duration.FromMinutes(10))
        {
            failures.Add($"OmnichannelOptions.TypingExpiry must be positive and at most 10 minutes; it is {options.TypingExpiry}.");
        }

        if (options.CloseAbandonedAfter is { } abandoned && abandoned <= NodaTime.Duration.Zero)
        {
            failures.Add($"OmnichannelOptions.CloseAbandonedAfter must be positive when set; it is {abandoned}.");
        }

        if (options.CloseOnHoldAfter is { } onHold && onHold <= NodaTime.Duration.Zero)
        {
            failures.Add($"OmnichannelOptions.CloseOnHoldAfter must be positive when set; it is {onHold}.");
        }
    }

    /// <summary>The highest <see cref="OmnichannelOptions.MaxMessageLength"/> accepted.</summary>
    internal const int MaxMessageLengthLimit = 1_000_000;

    /// <summary>The highest <see cref="OmnichannelOptions.MaxCommentLength"/> accepted.</summary>
    internal const int MaxCommentLengthLimit = 100_000;

    /// <summary>The longest duration a setting accepts: ten years (as routing's timeouts).</summary>
    internal static readonly NodaTime.Duration LongestDuration = NodaTime.Duration.FromDays(3653);

    private static void NotAbsurd(List<string> failures, string name, NodaTime.Duration? value)
    {
        if (value > LongestDuration)
        {
            failures.Add($"OmnichannelOptions.{name} is {value}, longer than ten years ({LongestDuration}); that is taken for a mistake in units.");
        }
    }

    private static void Range(List<string> failures, string name, int value, int max)
    {
        if (value < 1 || value > max)
        {
            failures.Add($"OmnichannelOptions.{name} must be between 1 and {max:N0}; it is {value}.");
        }
    }
}
