using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.Sqlite.Tests.Conformance;

/// <summary>The lifecycle system-message kit against a fresh SQLite file.</summary>
public sealed class SqliteLifecycleSystemMessagesTests : LifecycleSystemMessagesConformanceTests, IAsyncDisposable, IDisposable
{
    private readonly TemporaryDatabases _files = new();
    private readonly List<ServiceProvider> _providers = [];

    protected override async ValueTask<IServiceProvider> CreateServicesAsync(IClock clock)
    {
        var provider = new ServiceCollection()
            .AddSingleton(clock)
            .AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true)
            .AddOmnichannelSqlite($"Data Source={_files.NewPath()}")
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
