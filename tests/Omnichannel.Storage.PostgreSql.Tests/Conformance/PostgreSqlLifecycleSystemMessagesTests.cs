using NodaTime;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.PostgreSql.Tests.Conformance;

/// <summary>The lifecycle system-message kit against a fresh PostgreSQL database.</summary>
public sealed class PostgreSqlLifecycleSystemMessagesTests(StorageFixture fixture) : LifecycleSystemMessagesConformanceTests, IClassFixture<StorageFixture>, IAsyncDisposable
{
    private readonly StartedContainers _containers = new();

    protected override async ValueTask<IServiceProvider> CreateServicesAsync(IClock clock) =>
        await _containers.StartAsync(await fixture.CreateDatabaseAsync(), clock);

    public ValueTask DisposeAsync() => _containers.DisposeAsync();
}
