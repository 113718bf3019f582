// The Omnichannel simulator: a contact-center day on the real library in virtual time, comparing routing
// algorithms on identical demand. `dotnet run --project samples/Omnichannel.Simulator -- --help` lists the options.
using Omnichannel.Simulator;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancellation.Cancel();
};

var interactive = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
return await SimulatorApp.RunAsync(args, Console.Out, Console.Error, interactive, cancellation.Token);
