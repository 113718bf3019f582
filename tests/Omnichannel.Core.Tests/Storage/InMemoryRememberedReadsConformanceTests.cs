using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Testing.Conformance;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>
/// The remembered-reads kit against the in-memory stores: they read fresh (<c>GetForChangeAsync</c> is a plain read), so
/// the "other process" is the same container, and every operation must decide from the changed agent.
/// </summary>
public sealed class InMemoryRememberedReadsConformanceTests : RememberedReadsConformanceTests, IDisposable
{
    private readonly ServiceProvider _provider = new ServiceCollection().AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true).BuildServiceProvider();

    protected override bool RemembersReads => false;

    protected override ValueTask<(IServiceProvider One, IServiceProvider Two)> CreateTwoProcessesAsync() =>
        ValueTask.FromResult<(IServiceProvider, IServiceProvider)>((_provider, _provider));

    public void Dispose() => _provider.Dispose();
}
