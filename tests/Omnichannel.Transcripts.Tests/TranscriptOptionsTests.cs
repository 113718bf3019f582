using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Transcripts.DependencyInjection;

namespace Omnichannel.Transcripts.Tests;

public sealed class TranscriptOptionsTests
{
    public static TheoryData<string, Action<TranscriptOptions>> Invalid => new()
    {
        { "MaxDeliveryAttempts", o => o.MaxDeliveryAttempts = 0 },
        { "MaxEmailSubjectLength", o => o.MaxEmailSubjectLength = 0 },
        { "DefaultEmailSubject", o => o.DefaultEmailSubject = "two\nlines" },
        { "InitialRetryDelay", o => o.InitialRetryDelay = Duration.Zero },
        { "MaxRetryDelay", o => o.MaxRetryDelay = Duration.FromSeconds(1) },
        { "LeaseDuration", o => o.LeaseDuration = Duration.FromSeconds(-1) },
        { "PollInterval", o => o.PollInterval = Duration.Zero },
        { "WorkerName", o => o.WorkerName = " " },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_options_are_refused_when_resolved(string setting, Action<TranscriptOptions> configure)
    {
        using var services = new ServiceCollection().AddOmnichannelTranscripts(configure).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ITranscriptService>());

        Assert.Contains($"TranscriptOptions.{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_are_valid_and_registering_twice_is_harmless()
    {
        using var services = new ServiceCollection().AddOmnichannelTranscripts().AddOmnichannelTranscripts().BuildServiceProvider();

        Assert.NotNull(services.GetRequiredService<ITranscriptService>());
        Assert.Single(services.GetServices<Omnichannel.Conversations.IConversationCloseContributor>());
        var options = services.GetRequiredService<IOptions<TranscriptOptions>>().Value;
        Assert.Equal((DateTimeZone.Utc, true, false, 6), (options.TimeZone, options.ShowAgentNames, options.IncludeSystemMessages, options.MaxDeliveryAttempts));
    }
}
