using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.PostgreSql.Tests.Conformance;

/// <summary>The lifecycle system-message kit against a fresh PostgreSQL database.</summary>
public sealed class PostgreSqlLifecycleSystemMessagesTests(StorageFixture fixture) : LifecycleSystemMessagesConformanceTests, IClassFixture<StorageFixture>, IAsyncDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    protected override async ValueTask<IServiceProvider> CreateServicesAsync(IClock clock)
    {
        var provider = new ServiceCollection()
            .AddSingleton(clock)
            .AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true)
            .AddOmnichannelPostgreSql(await fixture.CreateDatabaseAsync())
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
