using NodaTime;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Storage.Sqlite.Tests.Conformance;

/// <summary>The lifecycle system-message kit against a fresh SQLite file.</summary>
public sealed class SqliteLifecycleSystemMessagesTests : LifecycleSystemMessagesConformanceTests, IAsyncDisposable, IDisposable
{
    private readonly StartedContainers _containers = new();

    protected override async ValueTask<IServiceProvider> CreateServicesAsync(IClock clock) =>
        await _containers.StartAsync(_containers.NewPath(), clock);

    public ValueTask DisposeAsync() => _containers.DisposeAsync();

    public void Dispose() => _containers.Dispose();
}
