using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.PostgreSql.Tests.Conformance;

/// <summary>The remembered-reads kit against two containers (two connection pools, two caches) over one database.</summary>
public sealed class PostgreSqlRememberedReadsTests(StorageFixture fixture) : RememberedReadsConformanceTests, IClassFixture<StorageFixture>, IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    protected override async ValueTask<(IServiceProvider One, IServiceProvider Two)> CreateTwoProcessesAsync()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        return (await ProcessAsync(connectionString), await ProcessAsync(connectionString));
    }

    private async Task<ServiceProvider> ProcessAsync(string connectionString)
    {
        var provider = new ServiceCollection()
            .AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true)
            .AddOmnichannelPostgreSql(connectionString)
            .BuildServiceProvider();
        _providers.Add(provider);
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }
    }
}
