using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Storage.Sqlite;

namespace Omnichannel.Benchmarks.Storage;

/// <summary>
/// Where a SQLite lifecycle's cost goes, in counts that depend little on how busy the machine is: the workload of
/// <see cref="StoredLifecycleBenchmarks"/> (receive, take, agent message, close on a SQLite file in WAL mode), with this
/// process's user and system CPU time, bytes allocated, statements run, and write system calls and bytes (from
/// /proc/self/io: each WAL frame is one write), each per lifecycle, and the wall time of each step.
/// Run: <c>dotnet run -c Release --project benchmarks/Omnichannel.Benchmarks -- sqlitecost [lifecycles] [rounds]</c>.
/// </summary>
internal static class SqliteLifecycleCostRunner
{
    private const int ContactCount = 64;
    private const double TicksPerSecond = 100; // USER_HZ on Linux
    private static readonly DepartmentId Support = new("support");
    private static readonly AgentId[] Agents = [new("agent-0"), new("agent-1"), new("agent-2"), new("agent-3")];

    public static async Task<int> RunAsync(string[] args)
    {
        var lifecycles = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        using var world = BenchmarkStores.Create(BenchmarkStores.Sqlite);
        var provider = world.Provider;
        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        foreach (var agent in Agents)
        {
            (await provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = agent, Username = agent.Value, Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
        }

        var contacts = Enumerable.Range(0, ContactCount).Select(i => new ContactId($"contact-{i}")).ToArray();
        foreach (var contact in contacts)
        {
            await provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = contact, Name = contact.Value }, CancellationToken.None);
        }

        var service = provider.GetRequiredService<IConversationService>();
        var database = provider.GetRequiredService<SqliteOmnichannelDatabase>();
        var statements = typeof(SqliteOmnichannelDatabase).GetProperty("StatementsRun", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var next = 0;
        var steps = new double[4];
        var stepWrites = new long[4];
        var countWrites = false;
        long Writes() => countWrites ? ReadIo().WriteCalls : 0;
        async Task RunAsync(int count)
        {
            for (var n = 0; n < count; n++)
            {
                var i = next++;
                var agent = Agents[i % Agents.Length];
                var w0 = Writes();
                var t0 = Stopwatch.GetTimestamp();
                var opened = (await service.ReceiveContactMessageAsync(contacts[i % ContactCount], Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
                var t1 = Stopwatch.GetTimestamp();
                var w1 = Writes();
                (await service.TakeAsync(opened.Id, agent)).GetValueOrThrow();
                var t2 = Stopwatch.GetTimestamp();
                var w2 = Writes();
                (await service.PostAgentMessageAsync(opened.Id, agent, "Let me check that for you.")).GetValueOrThrow();
                var t3 = Stopwatch.GetTimestamp();
                var w3 = Writes();
                (await service.CloseAsync(opened.Id, Actor.Agent(agent))).GetValueOrThrow();
                var t4 = Stopwatch.GetTimestamp();
                var w4 = Writes();
                stepWrites[0] += w1 - w0;
                stepWrites[1] += w2 - w1;
                stepWrites[2] += w3 - w2;
                stepWrites[3] += w4 - w3;
                steps[0] += t1 - t0;
                steps[1] += t2 - t1;
                steps[2] += t3 - t2;
                steps[3] += t4 - t3;
            }
        }

        await RunAsync(2000); // warm-up: JIT, caches, the file's first pages
        for (var r = 0; r < rounds; r++)
        {
            Array.Clear(steps);
            Array.Clear(stepWrites);
            var io = ReadIo();
            var cpu = ReadCpu();
            var allocated = GC.GetTotalAllocatedBytes(true);
            var run = (long)statements.GetValue(database)!;
            var start = Stopwatch.GetTimestamp();
            var threadStart = ThreadCpuNanoseconds();
            await RunAsync(lifecycles);
            var threadCpu = ThreadCpuNanoseconds() - threadStart;
            var wall = Stopwatch.GetElapsedTime(start);
            var allocatedAfter = GC.GetTotalAllocatedBytes(true);
            var cpuAfter = ReadCpu();
            var ioAfter = ReadIo();
            var runAfter = (long)statements.GetValue(database)!;
            double n = lifecycles;
            var us = 1e6 / Stopwatch.Frequency / n;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{lifecycles} lifecycles: wall {wall.TotalMicroseconds / n:F1} us (receive {steps[0] * us:F1}, take {steps[1] * us:F1}, message {steps[2] * us:F1}, close {steps[3] * us:F1}); " +
                $"lifecycle thread CPU {threadCpu / 1e3 / n:F1} us; process CPU user {(cpuAfter.User - cpu.User) / TicksPerSecond / n * 1e6:F1} us, system {(cpuAfter.System - cpu.System) / TicksPerSecond / n * 1e6:F1} us; " +
                $"allocated {(allocatedAfter - allocated) / n:F0} B; statements {(runAfter - run) / n:F2}; " +
                $"write calls {(ioAfter.WriteCalls - io.WriteCalls) / n:F2} ({(ioAfter.WrittenBytes - io.WrittenBytes) / n:F0} B), read calls {(ioAfter.ReadCalls - io.ReadCalls) / n:F2}; load {LoadAverage()}"));
        }

        // A last round reading /proc/self/io around each step (which costs time of its own, so not in the rounds above):
        // the write calls of each step; a WAL frame is two (its header, then the page).
        countWrites = true;
        Array.Clear(stepWrites);
        await RunAsync(lifecycles);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"write calls per step: receive {stepWrites[0] / (double)lifecycles:F2}, take {stepWrites[1] / (double)lifecycles:F2}, message {stepWrites[2] / (double)lifecycles:F2}, close {stepWrites[3] / (double)lifecycles:F2}"));
        if (Environment.GetEnvironmentVariable("SQLITECOST_SNAPSHOT") is { Length: > 0 } snapshot)
        {
            // A copy of the file and its WAL after a few more lifecycles, for a look at which pages each commit wrote.
            await RunAsync(20);
            Directory.CreateDirectory(snapshot);
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(database.DataSource)!))
            {
                File.Copy(file, Path.Combine(snapshot, Path.GetFileName(file)), overwrite: true);
            }
        }

        return 0;
    }

    /// <summary>
    /// The CPU time of this thread (user and system, nanoseconds): every step completes synchronously on SQLite, so the
    /// whole lifecycle runs on the thread that started it; unlike wall time, this leaves out the time spent waiting for
    /// the other processes of a shared machine.
    /// </summary>
    private static long ThreadCpuNanoseconds()
    {
        const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID
        return ClockGetTime(ClockThreadCpuTime, out var time) == 0 ? (time.Seconds * 1_000_000_000) + time.Nanoseconds : 0;
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static (long User, long System) ReadCpu()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state): utime is field 14, stime 15.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture), long.Parse(fields[12], CultureInfo.InvariantCulture));
    }

    private static (long WriteCalls, long WrittenBytes, long ReadCalls) ReadIo()
    {
        var values = File.ReadLines("/proc/self/io").Select(l => l.Split(':')).ToDictionary(p => p[0], p => long.Parse(p[1].Trim(), CultureInfo.InvariantCulture));
        return (values["syscw"], values["wchar"], values["syscr"]);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];
}
