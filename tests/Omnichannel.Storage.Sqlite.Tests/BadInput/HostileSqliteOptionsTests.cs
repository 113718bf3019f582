using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Omnichannel.Storage.Sqlite.Tests.BadInput;

/// <summary>SQLite settings that cannot work are refused at start-up by a validator naming the setting, never accepted and failing later.</summary>
public sealed class HostileSqliteOptionsTests : IDisposable
{
    private readonly TemporaryDatabases _files = new();

    public static TheoryData<string, Action<SqliteStorageOptions>> Unusable => new()
    {
        { "OutboxRetention", o => o.OutboxRetention = Duration.Zero },
        { "OutboxRetention", o => o.OutboxRetention = Duration.FromDays(-1) },
        { "OutboxRetention", o => o.OutboxRetention = Duration.FromDays(300 * 366) },
        { "OutboxRetention", o => o.OutboxRetention = Duration.MaxValue },
        { "BusyTimeout", o => o.BusyTimeout = TimeSpan.FromSeconds(-1) },
        { "ConnectionString", o => o.ConnectionString = "Data Sourc=x.db" },
    };

    [Theory]
    [MemberData(nameof(Unusable))]
    public void An_unusable_setting_is_refused_by_the_options_validator_naming_it(string setting, Action<SqliteStorageOptions> configure)
    {
        using var provider = new ServiceCollection().AddOmnichannel().AddOmnichannelSqlite(o =>
        {
            o.ConnectionString = $"Data Source={_files.NewPath()}";
            configure(o);
        }).BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<SqliteStorageOptions>>().Value);

        Assert.Contains($"SqliteStorageOptions.{setting}", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_outbox_retention_too_long_to_count_in_nanoseconds_is_refused_instead_of_failing_every_lease()
    {
        var options = new SqliteStorageOptions { ConnectionString = $"Data Source={_files.NewPath()}", OutboxRetention = Duration.FromDays(300 * 366) };

        SqliteOmnichannelDatabase? accepted = null;
        var refused = Record.Exception(() => accepted = new SqliteOmnichannelDatabase(options));
        if (accepted is not null)
        {
            // What happened before: accepted, then every lease (the delivery worker's poll) threw an OverflowException.
            await using (accepted)
            {
                await accepted.MigrateAsync(CancellationToken.None);
                var lease = await Record.ExceptionAsync(async () => await accepted.Outbox.TryLeaseAsync("w", SystemClock.Instance.GetCurrentInstant(), Duration.FromMinutes(1), null, CancellationToken.None));
                Assert.Fail($"A 300-year retention was accepted; the first lease then threw {lease?.GetType().Name ?? "nothing"}.");
            }
        }

        Assert.IsType<ArgumentException>(refused);
        Assert.Contains("SqliteStorageOptions.OutboxRetention", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();
}
