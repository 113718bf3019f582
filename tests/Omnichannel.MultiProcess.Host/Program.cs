using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.MultiProcess.Host;
using Omnichannel.Notifications;
using Omnichannel.Routing;

// One OS process of the multi-process routing test (and the PostgreSQL drain benchmark): routing on the shared
// database, plus, in workload mode, contacts arriving, agents changing status and conversations closing through this
// process. It prints what it did on stdout, one line each ("created <id>", "routed <id> <agent> <version>"), and obeys
// stdin: "go" starts the workload, "arrivals-stop" ends arrivals and status changes, "exit" stops routing and ends the process.
var settings = HostSettings.Parse(args);
var services = new ServiceCollection()
    .AddLogging(l => l.AddSimpleConsole(o => o.SingleLine = true).AddFilter(l => l >= LogLevel.Warning || settings.Verbose))
    .AddOmnichannel()
    .AddOmnichannelPostgreSql(settings.ConnectionString)
    .AddOmnichannelRouting(r => r.UseLoadBalancing().Configure(o =>
    {
        o.ReconcileInterval = Duration.FromMilliseconds(settings.ReconcileMilliseconds);
        o.LeaseDuration = Duration.FromMilliseconds(settings.ReconcileMilliseconds * 3);
    }))
    .AddSingleton<IDomainEventPublisher, TimelinePublisher>();
await using var provider = services.BuildServiceProvider();
var routing = provider.GetRequiredService<IRoutingService>();
await routing.StartAsync();
Console.Out.WriteLine("ready " + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));

var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var stopArrivals = new CancellationTokenSource();
using var exit = new CancellationTokenSource();
var commands = Task.Run(async () =>
{
    while (await Console.In.ReadLineAsync() is { } line)
    {
        if (line == "go")
        {
            go.TrySetResult();
        }
        else if (line == "arrivals-stop")
        {
            await stopArrivals.CancelAsync();
        }
        else if (line == "exit")
        {
            break;
        }
    }

    go.TrySetResult();
    await stopArrivals.CancelAsync();
    await exit.CancelAsync();
});

if (settings.Workload)
{
    await go.Task; // the test starts every process's workload once the routers have loaded
    var workload = new Workload(provider.GetRequiredService<IConversationService>(), provider.GetRequiredService<IAgentService>(),
        provider.GetRequiredService<IConversationStore>(), provider.GetRequiredService<IContactStore>(), settings);
    await workload.RunAsync(stopArrivals.Token, exit.Token);
}
else
{
    await Task.Delay(Timeout.Infinite, exit.Token).ContinueWith(_ => { }, TaskScheduler.Default);
}

await commands;
await provider.DisposeAsync(); // stops routing: its leases are released and announced
Console.Out.WriteLine("exited");
