using Microsoft.Extensions.Options;
using NodaTime;

namespace Omnichannel.Routing.DependencyInjection;

/// <summary>Refuses routing options that cannot work, naming the setting.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, RoutingOptions options)
    {
        var failures = new List<string>();
        Positive(options.OfferTimeout, nameof(options.OfferTimeout));
        Positive(options.QueuePositionInterval, nameof(options.QueuePositionInterval));
        Positive(options.DefaultHandleTime, nameof(options.DefaultHandleTime));
        Optional(options.OverflowAfter, nameof(options.OverflowAfter));
        Optional(options.RerouteUnansweredAfter, nameof(options.RerouteUnansweredAfter));
        Optional(options.CloseQueuedAfter, nameof(options.CloseQueuedAfter));
        if (options.MaxDeclines < 1)
        {
            failures.Add($"RoutingOptions.MaxDeclines must be at least 1; it is {options.MaxDeclines}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(Duration value, string setting)
        {
            if (value <= Duration.Zero)
            {
                failures.Add($"RoutingOptions.{setting} must be positive; it is {value}.");
            }
        }

        void Optional(Duration? value, string setting)
        {
            if (value is { } set)
            {
                Positive(set, setting);
            }
        }
    }
}
