using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.PostgreSql.Tests.Conformance;

/// <summary>The remembered-reads kit against two containers (two connection pools, two caches) over one database.</summary>
public sealed class PostgreSqlRememberedReadsTests(StorageFixture fixture) : RememberedReadsConformanceTests, IClassFixture<StorageFixture>, IAsyncDisposable
{
    private readonly StartedContainers _containers = new();

    protected override async ValueTask<(IServiceProvider One, IServiceProvider Two)> CreateTwoProcessesAsync()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        return (await _containers.StartAsync(connectionString), await _containers.StartAsync(connectionString));
    }

    public ValueTask DisposeAsync() => _containers.DisposeAsync();
}
