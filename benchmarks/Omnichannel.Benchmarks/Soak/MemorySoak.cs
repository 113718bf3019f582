using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Routing;
using Omnichannel.Storage;

namespace Omnichannel.Benchmarks.Soak;

/// <summary>
/// Issue #12's soak: a million whole lifecycles (a contact's first message, routing assigns it, the agent answers,
/// the agent closes) with routing on, in memory, printing the managed heap after a full, compacting collection at
/// every checkpoint. Not a BenchmarkDotNet benchmark: run it with
/// <c>dotnet run -c Release --project benchmarks/Omnichannel.Benchmarks -- soak [lifecycles] [checkpoint]</c>.
/// </summary>
/// <remarks>
/// <para>
/// What it measures: the in-memory conversation store keeps closed conversations by design, so its heap grows with
/// every lifecycle whatever the library does. The soak therefore sets
/// <see cref="Omnichannel.DependencyInjection.OmnichannelOptions.ClosedConversationRetention"/> to one second (a store
/// configuration that prunes), and before each measurement waits out that second and runs one more lifecycle, whose
/// close prunes what is due. The store then holds only the conversations of the last second, and what is left on the
/// heap is the library's own state (routing indexes, dispatcher, caches, the stores' indexes): flat memory means that
/// state does not grow with the number of conversations served.
/// </para>
/// <para>Not thread-safe; one run per process.</para>
/// </remarks>
internal static class MemorySoak
{
    private const int Agents = 100;
    private const int Capacity = 10;
    private const int Batch = 500;
    private const int ContactCount = 2_000;
    private static readonly DepartmentId Support = new("support");

    public static async Task<int> RunAsync(string[] args)
    {
        var lifecycles = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var checkpoint = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        await using var provider = new ServiceCollection()
            .AddOmnichannel(o => o.ClosedConversationRetention = Duration.FromSeconds(1))
            .AddOmnichannelRouting(r => r.UseLoadBalancing())
            .BuildServiceProvider();
        var agents = new AgentId[Agents];
        var contacts = new ContactId[ContactCount];
        await SeedAsync(provider, agents, contacts);
        var routing = provider.GetRequiredService<IRoutingService>();
        await routing.StartAsync();
        var service = provider.GetRequiredService<IConversationService>();

        Console.WriteLine($"Soak: {lifecycles:N0} lifecycles (receive, routed, agent message, close), {Agents} agents x {Capacity}, batches of {Batch}, closed conversations kept 1 s.");
        Console.WriteLine("lifecycles | managed heap after full GC | gen2 collections | elapsed");
        var clock = Stopwatch.StartNew();
        var done = 0;
        var next = 0;
        var ids = new List<ConversationId>(Batch);
        await ReportAsync(service, contacts, done, clock);
        while (done < lifecycles)
        {
            var size = Math.Min(Batch, lifecycles - done);
            ids.Clear();
            for (var i = 0; i < size; i++)
            {
                // Each contact has at most one open conversation at a time; 2,000 contacts, batches of 500.
                var contact = contacts[next++ % ContactCount];
                ids.Add((await service.ReceiveContactMessageAsync(contact, Support, "Hello, my invoice is wrong.")).GetValueOrThrow().Id);
            }

            foreach (var id in ids)
            {
                await FinishAsync(service, id);
            }

            done += size;
            if (done % checkpoint == 0 || done == lifecycles)
            {
                await ReportAsync(service, contacts, done, clock);
            }
        }

        // The router stops with the container (disposed at the end of this method).
        return 0;
    }

    /// <summary>Waits until routing assigned the conversation, then the agent answers and closes it.</summary>
    private static async Task FinishAsync(IConversationService service, ConversationId id)
    {
        var spins = 0;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var current = await service.GetAsync(id) ?? throw new InvalidOperationException($"Conversation '{id}' vanished while open.");
            if (current.State == ConversationState.Taken && current.ServingAgentId is { } agent)
            {
                (await service.PostAgentMessageAsync(id, agent, "Let me check that for you.")).GetValueOrThrow();
                (await service.CloseAsync(id, Actor.Agent(agent))).GetValueOrThrow();
                return;
            }

            if (waited.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"Routing did not assign conversation '{id}' within a minute (it is {current.State}).");
            }

            // The dispatcher runs off this thread: yield to it, then sleep a little if it is slow (a loaded machine).
            if (++spins < 100)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1);
            }
        }
    }

    private static async Task ReportAsync(IConversationService service, ContactId[] contacts, int done, Stopwatch clock)
    {
        var elapsed = clock.Elapsed;
        if (done > 0)
        {
            // Let the retention of the last closed conversations end, then close one more: its write prunes them.
            await Task.Delay(TimeSpan.FromSeconds(1.2));
            var tick = (await service.ReceiveContactMessageAsync(contacts[0], Support, "One more.")).GetValueOrThrow();
            await FinishAsync(service, tick.Id);
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{done,10:N0} | {heap / 1024.0 / 1024.0,10:F2} MB ({heap:N0} bytes) | {GC.CollectionCount(2),6} | {elapsed.TotalSeconds,8:F1} s"));
    }

    private static async Task SeedAsync(IServiceProvider provider, AgentId[] agents, ContactId[] contacts)
    {
        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        var agentService = provider.GetRequiredService<IAgentService>();
        for (var a = 0; a < agents.Length; a++)
        {
            agents[a] = new AgentId($"agent-{a}");
            (await agentService.RegisterAsync(new Agent { Id = agents[a], Username = $"agent{a}", Departments = [Support], Status = AgentStatus.Available, MaxSimultaneousConversations = Capacity })).GetValueOrThrow();
        }

        var contactStore = provider.GetRequiredService<IContactStore>();
        for (var c = 0; c < contacts.Length; c++)
        {
            contacts[c] = new ContactId($"contact-{c}");
            await contactStore.SaveAsync(new Contact { Id = contacts[c], Name = contacts[c].Value }, CancellationToken.None);
        }
    }
}
