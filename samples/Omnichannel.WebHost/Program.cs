// The reference web host: a visitor widget and an agent console on the Omnichannel library.
// dotnet run --project samples/Omnichannel.WebHost [-- --WebHost:DataDirectory=DIR --WebHost:Smtp:Port=2525 --urls=http://127.0.0.1:5000]
using Omnichannel.WebHost;
using Omnichannel.WebHost.Seed;

var app = WebHostApp.Build(args);
await app.StartAsync();

var address = WebHostApp.Address(app);
var settings = app.Services.GetRequiredService<WebHostSettings>();
Console.WriteLine($"""

    Omnichannel web host is running.
      Visitor widget: {new Uri(address, "/widget.html")}
      Agent console:  {new Uri(address, "/agent.html")}
      Data (SQLite):  {Path.Combine(settings.ResolvedDataDirectory, "omnichannel.db")}
      Email (SMTP):   {settings.Smtp.Host}:{settings.Smtp.Port}

    Agents (passwords set at this start):
    """);
foreach (var agent in app.Services.GetRequiredService<DemoSeed>().SeededAgents)
{
    Console.WriteLine($"  {agent.Username,-8} {agent.Password,-16} {agent.Name,-14} {agent.Departments,-18} {agent.Role}");
}

Console.WriteLine();
Console.WriteLine("Press Ctrl+C to stop.");
await app.WaitForShutdownAsync();
