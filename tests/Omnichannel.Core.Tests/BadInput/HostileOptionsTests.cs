using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// Durations the library adds to the clock (retentions, auto-close timers, the handle-time estimate, service levels) are
/// refused above ten years at start-up, naming the setting, instead of overflowing where they are used; text limits are
/// refused outside their range.
/// </summary>
public sealed class HostileOptionsTests
{
    public static TheoryData<string, Action<OmnichannelOptions>> Absurd => new()
    {
        { "OutboxRetention", o => o.OutboxRetention = Duration.MaxValue },
        { "ClosedConversationRetention", o => o.ClosedConversationRetention = Duration.MaxValue },
        { "CloseAbandonedAfter", o => o.CloseAbandonedAfter = Duration.MaxValue },
        { "CloseOnHoldAfter", o => o.CloseOnHoldAfter = Duration.FromDays(4000) },
        { "EstimatedHandleTime", o => o.EstimatedHandleTime = Duration.MaxValue },
        { "ServiceLevelPolicies[gold].DueAfter", o => o.ServiceLevelPolicies.Add(new ServiceLevelPolicy("gold", Duration.MaxValue)) },
    };

    [Theory]
    [MemberData(nameof(Absurd))]
    public void A_duration_longer_than_ten_years_is_refused_at_start_up_naming_the_setting(string setting, Action<OmnichannelOptions> configure)
    {
        using var provider = new ServiceCollection().AddOmnichannel(configure).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OmnichannelOptions>>().Value);

        Assert.Contains($"OmnichannelOptions.{setting}", refused.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, Action<OmnichannelOptions>> OutOfRangeLengths => new()
    {
        { "MaxMessageLength", o => o.MaxMessageLength = int.MaxValue },
        { "MaxMessageLength", o => o.MaxMessageLength = 1_000_001 },
        { "MaxMessageLength", o => o.MaxMessageLength = 0 },
        { "MaxMessageLength", o => o.MaxMessageLength = -5 },
        { "MaxCommentLength", o => o.MaxCommentLength = int.MaxValue },
        { "MaxCommentLength", o => o.MaxCommentLength = 100_001 },
        { "MaxCommentLength", o => o.MaxCommentLength = 0 },
    };

    [Theory]
    [MemberData(nameof(OutOfRangeLengths))]
    public void A_text_limit_outside_its_range_is_refused_at_start_up_naming_the_setting_and_the_range(string setting, Action<OmnichannelOptions> configure)
    {
        using var provider = new ServiceCollection().AddOmnichannel(configure).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<OmnichannelOptions>>().Value);

        Assert.Contains($"OmnichannelOptions.{setting} must be between 1 and ", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_highest_text_limits_are_accepted()
    {
        using var provider = new ServiceCollection().AddOmnichannel(o => (o.MaxMessageLength, o.MaxCommentLength) = (1_000_000, 100_000)).BuildServiceProvider();

        Assert.Equal(1_000_000, provider.GetRequiredService<IOptions<OmnichannelOptions>>().Value.MaxMessageLength);
    }

    [Fact]
    public void Ten_years_is_accepted()
    {
        using var provider = new ServiceCollection().AddOmnichannel(o => (o.OutboxRetention, o.CloseAbandonedAfter) = (Duration.FromDays(3653), Duration.FromDays(3653))).BuildServiceProvider();

        Assert.Equal(Duration.FromDays(3653), provider.GetRequiredService<IOptions<OmnichannelOptions>>().Value.OutboxRetention);
    }
}
