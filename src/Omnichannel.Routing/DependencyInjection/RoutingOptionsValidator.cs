using Microsoft.Extensions.Options;
using NodaTime;

namespace Omnichannel.Routing.DependencyInjection;

/// <summary>Refuses routing options that cannot work, naming the setting and the reason.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    /// <summary>
    /// The longest timeout accepted. Timers chain waits past the platform's limit (about 49.7 days), so this bound is not
    /// technical: a timeout of more than ten years is taken for a mistake in units.
    /// </summary>
    internal static readonly Duration LongestTimeout = Duration.FromDays(3653);

    internal static readonly Duration ShortestReconcileInterval = Duration.FromMilliseconds(100);

    internal static readonly Duration LongestReconcileInterval = Duration.FromHours(1);

    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var failures = new List<string>();
        Timeout(options.OfferTimeout, nameof(options.OfferTimeout));
        Timeout(options.QueuePositionInterval, nameof(options.QueuePositionInterval));
        Positive(options.DefaultHandleTime, nameof(options.DefaultHandleTime));
        Optional(options.OverflowAfter, nameof(options.OverflowAfter));
        Optional(options.RerouteUnansweredAfter, nameof(options.RerouteUnansweredAfter));
        Optional(options.CloseQueuedAfter, nameof(options.CloseQueuedAfter));
        Timeout(options.RetryExcludedAgentAfter, nameof(options.RetryExcludedAgentAfter));
        if (options.MaxDeclines < 1)
        {
            failures.Add($"RoutingOptions.MaxDeclines must be at least 1; it is {options.MaxDeclines}.");
        }

        if (options.ReconcileInterval < ShortestReconcileInterval || options.ReconcileInterval > LongestReconcileInterval)
        {
            failures.Add($"RoutingOptions.ReconcileInterval must be between {ShortestReconcileInterval} and {LongestReconcileInterval} "
                + $"(shorter re-reads the stores too often, longer leaves missed work waiting too long); it is {options.ReconcileInterval}.");
        }
        else if (options.LeaseDuration > LongestTimeout)
        {
            failures.Add($"RoutingOptions.LeaseDuration is {options.LeaseDuration}, longer than ten years ({LongestTimeout}); that is taken for a mistake in units.");
        }
        else if (options.LeaseDuration < options.ReconcileInterval * 2)
        {
            failures.Add($"RoutingOptions.LeaseDuration must be at least twice the ReconcileInterval ({options.ReconcileInterval * 2}), "
                + $"since leases are renewed at each reconciliation and one late renewal must not lose them; it is {options.LeaseDuration}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(Duration value, string setting)
        {
            if (value <= Duration.Zero)
            {
                failures.Add($"RoutingOptions.{setting} must be positive; it is {value}.");
            }
        }

        void Timeout(Duration value, string setting)
        {
            Positive(value, setting);
            if (value > LongestTimeout)
            {
                failures.Add($"RoutingOptions.{setting} is {value}, longer than ten years ({LongestTimeout}); that is taken for a mistake in units.");
            }
        }

        void Optional(Duration? value, string setting)
        {
            if (value is { } set)
            {
                Timeout(set, setting);
            }
        }
    }
}
