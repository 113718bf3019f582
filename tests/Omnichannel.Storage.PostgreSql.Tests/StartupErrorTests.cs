using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>A bad connection string, an unreachable server or a refused login fail at start-up with a message naming where, never the password.</summary>
public sealed class StartupErrorTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private const string Secret = "hunter2-secret";
    private static readonly CancellationToken None = CancellationToken.None;

    [Theory]
    [InlineData("Host=127.0.0.1;Bogus Keyword=1;Password=" + Secret)]
    [InlineData("Host=127.0.0.1;Port=not-a-number;Password=" + Secret)]
    [InlineData("Database=omnichannel;Password=" + Secret)]
    [InlineData("")]
    public void A_malformed_connection_string_is_refused_at_once_without_repeating_it(string connectionString)
    {
        var direct = Assert.Throws<ArgumentException>(() => new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = connectionString }));
        var registered = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddOmnichannelPostgreSql(connectionString));

        Assert.Contains("PostgreSQL connection string", direct.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, direct.Message, StringComparison.Ordinal);
        Assert.Equal(direct.Message, registered.Message);
    }

    [Fact]
    public void A_malformed_connection_string_set_through_options_fails_options_validation()
    {
        using var provider = new ServiceCollection()
            .AddOmnichannel()
            .AddOmnichannelPostgreSql(o => o.ConnectionString = "Host=127.0.0.1;Bogus Keyword=1;Password=" + Secret)
            .BuildServiceProvider();

        var invalid = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PostgreSqlStorageOptions>>().Value);

        Assert.Contains("bogus keyword", invalid.Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Secret, invalid.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_fails_the_host_start_naming_host_and_port_but_not_the_password()
    {
        var port = ClosedPort();
        var connectionString = $"Host=127.0.0.1;Port={port};Database=omnichannel;Username=omni;Password={Secret};Timeout=3";
        await using var provider = new ServiceCollection().AddOmnichannel().AddOmnichannelPostgreSql(connectionString).BuildServiceProvider();

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => StartHostedServicesAsync(provider));

        Assert.Contains($"127.0.0.1:{port}", failed.Message, StringComparison.Ordinal);
        Assert.Contains("'omnichannel'", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_login_fails_migration_naming_the_user_but_not_the_password()
    {
        var builder = new NpgsqlConnectionStringBuilder(fixture.ConnectionString) { Password = Secret };
        await using var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = builder.ConnectionString });

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => database.MigrateAsync(None));

        Assert.Contains($"{builder.Host}:{builder.Port}", failed.Message, StringComparison.Ordinal);
        Assert.Contains("password authentication failed", failed.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failed.ToString(), StringComparison.Ordinal);
    }

    private static async Task StartHostedServicesAsync(IServiceProvider provider)
    {
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(None);
        }
    }

    private static int ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
