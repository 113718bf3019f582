using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Omnichannel.Storage.PostgreSql.Tests.BadInput;

/// <summary>PostgreSQL settings that cannot work are refused at start-up by the validator naming the setting, never accepted and failing later.</summary>
public sealed class HostilePostgreSqlOptionsTests
{
    public static TheoryData<Duration> UnusableRetentions => [Duration.Zero, Duration.FromDays(-1), Duration.FromDays(300 * 366), Duration.MaxValue];

    [Theory]
    [MemberData(nameof(UnusableRetentions))]
    public void An_unusable_outbox_retention_is_refused_by_the_options_validator_naming_it(Duration retention)
    {
        using var provider = new ServiceCollection().AddOmnichannel().AddOmnichannelPostgreSql(o =>
        {
            o.ConnectionString = "Host=127.0.0.1;Database=never-opened;Username=nobody";
            o.OutboxRetention = retention;
        }).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value);

        Assert.Contains("PostgreSqlStorageOptions.OutboxRetention", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_object_refuses_an_outbox_retention_longer_than_ten_years()
    {
        var options = new PostgreSqlStorageOptions { ConnectionString = "Host=127.0.0.1;Database=never-opened;Username=nobody", OutboxRetention = Duration.MaxValue };

        var refused = Assert.Throws<ArgumentException>(() => new PostgreSqlOmnichannelDatabase(options));

        Assert.Contains("PostgreSqlStorageOptions.OutboxRetention", refused.Message, StringComparison.Ordinal);
    }
}
