using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;

namespace Omnichannel.Storage.PostgreSql.Tests.Conformance;

/// <summary>
/// Containers of the library on PostgreSQL databases, each standing for a process, started as a host starts them
/// (migrations included) and disposed together: what the conformance kits' adapter classes need.
/// </summary>
internal sealed class StartedContainers : IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    /// <summary>A started container over <paramref name="connectionString"/>, with <paramref name="clock"/> when given.</summary>
    public async Task<ServiceProvider> StartAsync(string connectionString, IClock? clock = null)
    {
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        var provider = services
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

        _providers.Clear();
    }
}
