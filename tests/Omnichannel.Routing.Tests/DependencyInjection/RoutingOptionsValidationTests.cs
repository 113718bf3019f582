using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.DependencyInjection;

/// <summary>Options that cannot work are refused when routing is built, naming the setting.</summary>
public class RoutingOptionsValidationTests
{
    public static TheoryData<string, Action<RoutingOptions>> Invalid => new()
    {
        { nameof(RoutingOptions.MaxDeclines), o => o.MaxDeclines = 0 },
        { nameof(RoutingOptions.OfferTimeout), o => o.OfferTimeout = Duration.Zero },
        { nameof(RoutingOptions.QueuePositionInterval), o => o.QueuePositionInterval = Duration.FromSeconds(-1) },
        { nameof(RoutingOptions.DefaultHandleTime), o => o.DefaultHandleTime = Duration.Zero },
        { nameof(RoutingOptions.OverflowAfter), o => o.OverflowAfter = Duration.Zero },
        { nameof(RoutingOptions.RerouteUnansweredAfter), o => o.RerouteUnansweredAfter = Duration.FromMinutes(-1) },
        { nameof(RoutingOptions.CloseQueuedAfter), o => o.CloseQueuedAfter = Duration.Zero },
        { nameof(RoutingOptions.CloseQueuedAfter), o => o.CloseQueuedAfter = Duration.FromDays(4000) },
        { nameof(RoutingOptions.OverflowAfter), o => o.OverflowAfter = Duration.MaxValue },
        { nameof(RoutingOptions.RetryExcludedAgentAfter), o => o.RetryExcludedAgentAfter = Duration.Zero },
        { nameof(RoutingOptions.ReconcileInterval), o => o.ReconcileInterval = Duration.FromMilliseconds(10) },
        { nameof(RoutingOptions.ReconcileInterval), o => o.ReconcileInterval = Duration.FromHours(2) },
        { nameof(RoutingOptions.LeaseDuration), o => o.LeaseDuration = Duration.FromSeconds(9) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_unusable_setting_is_refused_by_name(string setting, Action<RoutingOptions> configure)
    {
        var refused = Assert.Throws<OptionsValidationException>(() => RoutingHarness.Create(r => r.Configure(configure)));
        Assert.Contains($"RoutingOptions.{setting}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_defaults_are_valid_and_every_timeout_is_off()
    {
        await using var h = RoutingHarness.Create();
        var options = h.RoutingOptions;
        Assert.False(options.OfferMode);
        Assert.Null(options.OverflowAfter);
        Assert.Null(options.RerouteUnansweredAfter);
        Assert.Null(options.CloseQueuedAfter);
        Assert.True(options.RerouteWhenAgentGoesOffline);
        Assert.Equal(3, options.MaxDeclines);
        Assert.Equal(Duration.FromSeconds(5), options.ReconcileInterval);
        Assert.Equal(Duration.FromMinutes(1), options.RetryExcludedAgentAfter);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(3650)]
    public async Task Long_timeouts_up_to_ten_years_are_accepted_and_work(int days)
    {
        // Reconciled hourly: virtual years pass quickly that way (every reconciliation is a pass).
        await using var h = RoutingHarness.Create(r => r.Configure(o =>
        {
            o.CloseQueuedAfter = Duration.FromDays(days);
            o.ReconcileInterval = Duration.FromHours(1);
            o.LeaseDuration = Duration.FromHours(3);
        }));
        var d = await h.DepartmentAsync("d");
        var conversation = await h.ArriveAsync("k", "d");
        await h.Time.AdvanceByAsync(Duration.FromDays(days) - Duration.FromMinutes(1));
        Assert.Equal([conversation], await h.QueueOrderAsync(d));
        await h.Time.AdvanceByAsync(Duration.FromMinutes(1));
        Assert.Equal(Omnichannel.Conversations.ConversationState.Closed, await h.StateAsync(conversation));
    }
}
