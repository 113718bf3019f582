using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The lifecycle system-message kit against the in-memory stores.</summary>
public sealed class InMemoryLifecycleSystemMessagesConformanceTests : LifecycleSystemMessagesConformanceTests, IDisposable
{
    private readonly List<ServiceProvider> _providers = [];

    protected override ValueTask<IServiceProvider> CreateServicesAsync(IClock clock)
    {
        var provider = new ServiceCollection().AddSingleton(clock).AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true).BuildServiceProvider();
        _providers.Add(provider);
        return ValueTask.FromResult<IServiceProvider>(provider);
    }

    public void Dispose()
    {
        foreach (var provider in _providers)
        {
            provider.Dispose();
        }
    }
}
