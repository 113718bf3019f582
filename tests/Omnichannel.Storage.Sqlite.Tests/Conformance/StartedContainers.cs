using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Omnichannel.Storage.Sqlite.Tests.Conformance;

/// <summary>
/// Containers of the library on SQLite files, each standing for a process, started as a host starts them (migrations
/// included) and disposed with their temporary files: what the conformance kits' adapter classes need.
/// </summary>
internal sealed class StartedContainers : IAsyncDisposable, IDisposable
{
    private readonly TemporaryDatabases _files = new();
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>A new database file's path.</summary>
    public string NewPath() => _files.NewPath();

    /// <summary>A started container over <paramref name="path"/>, with <paramref name="clock"/> when given.</summary>
    public async Task<ServiceProvider> StartAsync(string path, IClock? clock = null)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        var provider = services
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
