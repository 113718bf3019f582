using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.Sqlite.Tests.Conformance;

/// <summary>The remembered-reads kit against two containers over one SQLite file, standing for two processes.</summary>
public sealed class SqliteRememberedReadsTests : RememberedReadsConformanceTests, IAsyncDisposable, IDisposable
{
    private readonly TemporaryDatabases _files = new();
    private readonly List<ServiceProvider> _providers = [];

    protected override async ValueTask<(IServiceProvider One, IServiceProvider Two)> CreateTwoProcessesAsync()
    {
        var path = _files.NewPath();
        return (await ProcessAsync(path), await ProcessAsync(path));
    }

    private async Task<ServiceProvider> ProcessAsync(string path)
    {
        var provider = new ServiceCollection()
            .AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true)
            .AddOmnichannelSqlite($"Data Source={path}")
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

        _providers.Clear();
        Dispose();
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }

        _providers.Clear();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _files.Dispose();
    }
}
