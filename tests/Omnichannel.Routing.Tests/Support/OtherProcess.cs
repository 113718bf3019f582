using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;

namespace Omnichannel.Routing.Tests.Support;

/// <summary>
/// "Another process": the library without routing, sharing the harness's stores and clock, so its changes reach the
/// stores but none of its events reach the harness's router (as with a second server on one database).
/// </summary>
internal sealed class OtherProcess : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private OtherProcess(ServiceProvider services)
    {
        _services = services;
        Conversations = services.GetRequiredService<IConversationService>();
        Agents = services.GetRequiredService<IAgentService>();
    }

    public IConversationService Conversations { get; }

    public IAgentService Agents { get; }

    public static OtherProcess Sharing(RoutingHarness h) => new(new ServiceCollection()
        .AddSingleton<IClock>(h.Time)
        .AddSingleton<IConversationStore>(h.Stores.Conversations)
        .AddSingleton<IOutboxStore>(h.Stores.Conversations)
        .AddSingleton<IAgentStore>(h.Stores.Agents)
        .AddSingleton<IDepartmentStore>(h.Stores.Departments)
        .AddSingleton<IContactStore>(h.Stores.Contacts)
        // Configured as the harness is: processes sharing a store must agree on the capacity rule's settings.
        .AddOmnichannel(o => o.CountOnHoldTowardCapacity = h.CoreOptions.CountOnHoldTowardCapacity)
        .BuildServiceProvider());

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
