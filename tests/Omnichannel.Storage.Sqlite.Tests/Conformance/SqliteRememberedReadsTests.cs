using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.Sqlite.Tests.Conformance;

/// <summary>The remembered-reads kit against two containers over one SQLite file, standing for two processes.</summary>
public sealed class SqliteRememberedReadsTests : RememberedReadsConformanceTests, IAsyncDisposable, IDisposable
{
    private readonly StartedContainers _containers = new();

    protected override async ValueTask<(IServiceProvider One, IServiceProvider Two)> CreateTwoProcessesAsync()
    {
        var path = _containers.NewPath();
        return (await _containers.StartAsync(path), await _containers.StartAsync(path));
    }

    public ValueTask DisposeAsync() => _containers.DisposeAsync();

    public void Dispose() => _containers.Dispose();
}
