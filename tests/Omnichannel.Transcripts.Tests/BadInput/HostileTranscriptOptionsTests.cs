using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Transcripts.DependencyInjection;

namespace Omnichannel.Transcripts.Tests.BadInput;

/// <summary>
/// Transcript settings that were accepted and then failed while the worker ran (a poll interval Task.Delay refuses, a lease or
/// retry delay that overflows the clock, a worker name or default subject PostgreSQL or a mail header cannot hold) are refused
/// when the options are resolved, naming the setting.
/// </summary>
public sealed class HostileTranscriptOptionsTests
{
    public static TheoryData<string, Action<TranscriptOptions>> AcceptedThenFailing => new()
    {
        { "PollInterval", o => o.PollInterval = Duration.FromDays(60) },
        { "PollInterval", o => o.PollInterval = Duration.MaxValue },
        { "LeaseDuration", o => o.LeaseDuration = Duration.MaxValue },
        { "MaxRetryDelay", o => o.MaxRetryDelay = Duration.MaxValue },
        { "InitialRetryDelay", o => (o.InitialRetryDelay, o.MaxRetryDelay) = (Duration.FromDays(5000), Duration.FromDays(5000)) },
        { "WorkerName", o => o.WorkerName = "worker\0one" },
        { "WorkerName", o => o.WorkerName = new string('w', 1_000_000) },
        { "DefaultEmailSubject", o => o.DefaultEmailSubject = "Transcript\0" },
        { "DefaultEmailSubject", o => o.DefaultEmailSubject = "Transcript\u0007" },
    };

    [Theory]
    [MemberData(nameof(AcceptedThenFailing))]
    public void A_setting_that_would_fail_while_delivering_is_refused_when_resolved(string setting, Action<TranscriptOptions> configure)
    {
        using var services = new ServiceCollection().AddOmnichannelTranscripts(configure).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<ITranscriptService>());

        Assert.Contains($"TranscriptOptions.{setting}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_accepted_poll_interval_and_delays_are_accepted()
    {
        using var services = new ServiceCollection().AddOmnichannelTranscripts(o =>
        {
            o.PollInterval = Duration.FromMilliseconds(int.MaxValue);
            o.MaxRetryDelay = Duration.FromDays(3653);
            o.LeaseDuration = Duration.FromDays(3653);
        }).BuildServiceProvider();

        Assert.NotNull(services.GetRequiredService<ITranscriptService>());
    }
}
