using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omnichannel.Storage.Sqlite;

namespace Omnichannel.Storage.Sqlite.Tests;

public sealed class StartupErrorTests : IDisposable
{
    private readonly TemporaryDatabases _files = new();

    [Theory]
    [InlineData("")]
    [InlineData("Data Sourc=omnichannel.db")]
    [InlineData("Data Source=omnichannel.db;Mode=Sideways")]
    [InlineData("Cache=Shared")]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=omnichannel.db;Mode=Memory")]
    [InlineData("Data Source=omnichannel.db;Mode=ReadOnly")]
    public void A_bad_connection_string_is_refused_when_the_database_is_created(string connectionString)
    {
        var refused = Assert.ThrowsAny<ArgumentException>(() => new SqliteOmnichannelDatabase(new SqliteStorageOptions { ConnectionString = connectionString }));

        Assert.Contains("Data Source=omnichannel.db", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_that_cannot_hold_the_file_fails_migration_with_a_message_naming_the_file()
    {
        // A regular file standing where the directory should be: refused even for root, unlike permission bits.
        var notADirectory = Path.Combine(_files.Directory, "plain-file");
        await File.WriteAllTextAsync(notADirectory, "not a directory");
        var path = Path.Combine(notADirectory, "omnichannel.db");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _files.Open(path).MigrateAsync(CancellationToken.None));

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Contains("directory exists", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_fails_migration_with_a_clear_message()
    {
        var path = _files.NewPath();
        await File.WriteAllTextAsync(path, new string('x', 8192));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _files.Open(path).MigrateAsync(CancellationToken.None));

        Assert.Contains("not a SQLite database", refused.Message, StringComparison.Ordinal);
        Assert.Equal(new string('x', 8192), await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Host_start_up_fails_on_an_unusable_path_not_the_first_request()
    {
        var notADirectory = Path.Combine(_files.Directory, "plain-file");
        await File.WriteAllTextAsync(notADirectory, "not a directory");
        await using var provider = new ServiceCollection().AddOmnichannel().AddOmnichannelSqlite($"Data Source={Path.Combine(notADirectory, "x.db")}").BuildServiceProvider();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostedServicesAsync(provider));

        Assert.Contains("x.db", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_start_up_fails_on_a_bad_connection_string()
    {
        await using var provider = new ServiceCollection().AddOmnichannel().AddOmnichannelSqlite("Data Sourc=x.db").BuildServiceProvider();

        // The options validator refuses it (ValidateOnStart), naming the setting.
        var refused = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => StartHostedServicesAsync(provider));
        Assert.Contains("SqliteStorageOptions.ConnectionString", refused.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _files.Dispose();

    /// <summary>What a generic host does at start-up.</summary>
    internal static async Task StartHostedServicesAsync(IServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }
    }
}
