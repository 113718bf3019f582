using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Tests.PostgreSql;

namespace Omnichannel.Benchmarks.Storage;

/// <summary>
/// Where an assignment's cost goes, in counts that do not depend on how busy the machine is: the same workload as
/// <see cref="PostgreSqlAssignmentBenchmarks"/> (4 writers, <c>AssignAsync</c>, durable cluster), with CPU time of this
/// process (the client) and of the server's processes (from /proc), WAL bytes and records (<c>pg_waldump --stats</c>
/// over the measured LSN range), round trips (Npgsql's own metric) and bytes allocated, each per assignment; and the same
/// figures for <c>pgbench -N</c>'s transaction run by the C client and through Npgsql, as the budget to compare with.
/// Run: <c>dotnet run -c Release --project benchmarks/Omnichannel.Benchmarks -- pgcost [assignments] [rounds]</c>.
/// </summary>
internal static class PostgreSqlAssignmentCostRunner
{
    private const int Writers = 4;
    private static readonly DepartmentId Support = new("support");
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static async Task<int> RunAsync(string[] args)
    {
        var assignments = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2000;
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var assignmentsOnly = args.Length > 3 && args[3] == "assign"; // for a profiler: no pgbench runs
        await using var cluster = await PostgresCluster.StartAsync(durable: true);
        var postmaster = int.Parse(File.ReadLines(Path.Combine(cluster.Root, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);

        var bench = await cluster.CreateDatabaseAsync();
        await PgbenchAsync(cluster, $"-i -s 2 -q {Target(cluster, bench)}");
        var pgbenchSource = NpgsqlDataSource.Create(cluster.ConnectionString(bench));

        var omnichannel = await cluster.CreateDatabaseAsync();
        var connectionString = cluster.ConnectionString(omnichannel);
        await using var provider = new ServiceCollection().AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true).AddOmnichannelPostgreSql(connectionString).BuildServiceProvider();
        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        var agents = provider.GetRequiredService<IAgentService>();
        for (var a = 0; a < Writers; a++)
        {
            (await agents.RegisterAsync(new Agent { Id = new AgentId($"agent-{a}"), Username = $"agent{a}", Departments = [Support], Status = AgentStatus.Available, MaxSimultaneousConversations = 1_000_000 })).GetValueOrThrow();
        }

        var service = provider.GetRequiredService<IConversationService>();
        await using var admin = NpgsqlDataSource.Create(connectionString);
        // PGCOST_SQL=file: SQL run on the Omnichannel database before measuring (a local aid for what-if experiments,
        // e.g. dropping a trigger to see how the rate responds to the server's cost).
        if (Environment.GetEnvironmentVariable("PGCOST_SQL") is { Length: > 0 } whatIf)
        {
            await using var change = admin.CreateCommand(await File.ReadAllTextAsync(whatIf));
            await change.ExecuteNonQueryAsync();
        }

        using var commands = new CommandCounter();
        Console.WriteLine($"{Writers} writers, {assignments} per round, load average {LoadAverage()}");
        var round = 0;
        // A warm-up round: plans cached, caches filled, JIT done.
        for (var w = 0; w < 3; w++)
        {
            await AssignAllAsync(service, await QueueAsync(provider, service, round++, 1000));
        }
        await using (var size = admin.CreateCommand("SELECT round(avg(octet_length(data::text))), round(avg(pg_column_size(data))), (SELECT data::text FROM conversations WHERE state = 'Taken' LIMIT 1) FROM conversations WHERE state = 'Taken'"))
        await using (var reader = await size.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            Console.WriteLine($"An assigned conversation's record: {reader.GetDecimal(0)} B of JSON text, {reader.GetDecimal(1)} B stored as jsonb");
            Console.WriteLine(reader.GetString(2));
        }

        for (var r = 0; r < rounds; r++)
        {
            var queued = await QueueAsync(provider, service, round++, assignments);
            // PGCOST_PERF=file: a system-wide `perf record` of the measured assignments only (a local profiling aid).
            using var perf = Environment.GetEnvironmentVariable("PGCOST_PERF") is { Length: > 0 } perfFile
                ? Process.Start(new ProcessStartInfo("perf", ["record", "-a", "-g", "-F", "2000", "-o", $"{perfFile}.{r}"]) { RedirectStandardError = true, RedirectStandardOutput = true })
                : null;
            await Task.Delay(perf is null ? 0 : 500);
            // PGCOST_ALLOC=1: which types the measured assignments allocate (sampled by the runtime, a local aid).
            using var sampler = Environment.GetEnvironmentVariable("PGCOST_ALLOC") is "1" ? new AllocationSampler() : null;
            sampler?.Start();
            var cost = await MeasureAsync(cluster, postmaster, admin, commands, assignments, () => AssignAllAsync(service, queued));
            sampler?.StopAndPrint(assignments);
            if (perf is not null)
            {
                using var stop = Process.Start("kill", ["-INT", perf.Id.ToString(CultureInfo.InvariantCulture)]);
                await perf.WaitForExitAsync();
            }

            Print("AssignAsync, 4 writers", cost);

            if (assignmentsOnly)
            {
                continue;
            }

            cost = await MeasureAsync(cluster, postmaster, admin, commands, assignments, () => PgbenchTransactionsAsync(pgbenchSource, assignments));
            Print("pgbench -N transaction via Npgsql, 4 writers", cost);
        }

        for (var r = 0; r < (assignmentsOnly ? 0 : 2); r++)
        {
            var before = await SampleAsync(cluster, postmaster, admin);
            var (output, clientSeconds) = await PgbenchAsync(cluster, $"-N -c {Writers} -j 2 -T 10 {Target(cluster, bench)}");
            var after = await SampleAsync(cluster, postmaster, admin);
            var transactions = long.Parse(output.Split('\n').First(l => l.StartsWith("number of transactions actually processed", StringComparison.Ordinal)).Split(':')[1].Trim(), CultureInfo.InvariantCulture);
            var wal = await WalStatsAsync(cluster, before.Lsn, after.Lsn);
            var cost = new Cost(transactions, after.Wall - before.Wall, clientSeconds, after.ServerSeconds - before.ServerSeconds, wal.Bytes, wal.Records, wal.FullPages, 0, 0, wal.Summary);
            Print("pgbench -N (C client)", cost);
        }

        pgbenchSource.Dispose();
        return 0;
    }

    private sealed record Cost(long Operations, TimeSpan Wall, double ClientSeconds, double ServerSeconds, long WalBytes, long WalRecords, long FullPages, long RoundTrips, long Allocated, string WalSummary);

    private sealed record Sample(TimeSpan Wall, double ServerSeconds, string Lsn);

    private static void Print(string what, Cost cost)
    {
        var n = (double)cost.Operations;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {cost.Operations} in {cost.Wall.TotalSeconds:F2} s = {n / cost.Wall.TotalSeconds:N0}/s; per op: client CPU {cost.ClientSeconds / n * 1e6:F0} us, server CPU {cost.ServerSeconds / n * 1e6:F0} us, " +
            $"WAL {cost.WalBytes / n:F0} B in {cost.WalRecords / n:F2} records ({cost.FullPages / n:F0} B of full pages), round trips {cost.RoundTrips / n:F2}, allocated {cost.Allocated / n:F0} B; load {LoadAverage()}"));
        Console.WriteLine(cost.WalSummary);
    }

    private static async Task<Cost> MeasureAsync(PostgresCluster cluster, int postmaster, NpgsqlDataSource admin, CommandCounter commands, int operations, Func<Task> run)
    {
        var process = Process.GetCurrentProcess();
        var before = await SampleAsync(cluster, postmaster, admin);
        process.Refresh();
        var clientBefore = process.TotalProcessorTime;
        var allocatedBefore = GC.GetTotalAllocatedBytes(true);
        var trips = commands.Count;
        await run();
        var tripsAfter = commands.Count;
        var allocated = GC.GetTotalAllocatedBytes(true) - allocatedBefore;
        process.Refresh();
        var client = process.TotalProcessorTime - clientBefore;
        var after = await SampleAsync(cluster, postmaster, admin);
        var wal = await WalStatsAsync(cluster, before.Lsn, after.Lsn);
        return new Cost(operations, after.Wall - before.Wall, client.TotalSeconds, after.ServerSeconds - before.ServerSeconds, wal.Bytes, wal.Records, wal.FullPages, tripsAfter - trips, allocated, wal.Summary);
    }

    private static async Task<Sample> SampleAsync(PostgresCluster cluster, int postmaster, NpgsqlDataSource admin)
    {
        await using var command = admin.CreateCommand("SELECT pg_current_wal_insert_lsn()::text");
        var lsn = (string)(await command.ExecuteScalarAsync())!;
        return new Sample(Stopwatch.GetElapsedTime(0), ServerCpuSeconds(postmaster), lsn);
    }

    /// <summary>CPU of the postmaster, its children (backends, WAL writer, checkpointer, ...) and children that exited.</summary>
    private static double ServerCpuSeconds(int postmaster)
    {
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue;
            }

            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            if (pid == postmaster || parent == postmaster)
            {
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                if (pid == postmaster)
                {
                    ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
                }
            }
        }

        return ticks / TicksPerSecond;
    }

    private static async Task<(long Bytes, long Records, long FullPages, string Summary)> WalStatsAsync(PostgresCluster cluster, string from, string to)
    {
        var start = new ProcessStartInfo(Path.Combine(cluster.Binaries, "pg_waldump"), ["--stats=record", "-p", Path.Combine(cluster.Root, "data", "pg_wal"), "-s", from, "-e", to])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (Environment.GetEnvironmentVariable("PGCOST_WALDUMP") is { Length: > 0 } filter)
        {
            // PGCOST_WALDUMP=Heap: some records of that resource manager in full (block references show same-page updates).
            var dump = new ProcessStartInfo(Path.Combine(cluster.Binaries, "pg_waldump"), ["-r", filter, "-p", Path.Combine(cluster.Root, "data", "pg_wal"), "-s", from, "-e", to, "-n", "60"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var dumper = Process.Start(dump)!;
            Console.WriteLine(await dumper.StandardOutput.ReadToEndAsync());
            await dumper.WaitForExitAsync();
        }

        var lines = output.Split('\n');
        var total = lines.FirstOrDefault(l => l.StartsWith("Total", StringComparison.Ordinal)) ?? string.Empty;
        var parts = total.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var records = parts.Length > 1 ? long.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        var bytes = Lsn(to) - Lsn(from);
        // "Total <records> <record bytes> [<%>] <full-page bytes> [<%>] <combined> [<%>]"
        var fullPages = parts.Length > 4 && long.TryParse(parts[4], out var fpi) ? fpi : -1;
        var summary = string.Join('\n', lines.Where(l => l.Contains('/', StringComparison.Ordinal) || l.StartsWith("Total", StringComparison.Ordinal)).Select(l => "    " + l));
        return (bytes, records, fullPages, summary);
    }

    private static long Lsn(string lsn)
    {
        var halves = lsn.Split('/');
        return (long.Parse(halves[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture) << 32) + long.Parse(halves[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
    }

    private static async Task<List<(ConversationId Conversation, AgentId Agent)>> QueueAsync(ServiceProvider provider, IConversationService service, int round, int count)
    {
        var contacts = provider.GetRequiredService<IContactStore>();
        var queued = new List<(ConversationId, AgentId)>(count);
        for (var i = 0; i < count; i++)
        {
            var contact = new ContactId($"contact-{round}-{i}");
            await contacts.SaveAsync(new Contact { Id = contact, Name = contact.Value }, CancellationToken.None);
            var opened = (await service.ReceiveContactMessageAsync(contact, Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
            queued.Add((opened.Id, new AgentId($"agent-{i % Writers}")));
        }

        return queued;
    }

    private static Task AssignAllAsync(IConversationService service, List<(ConversationId Conversation, AgentId Agent)> queued) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = writer; i < queued.Count; i += Writers)
            {
                (await service.AssignAsync(queued[i].Conversation, queued[i].Agent)).GetValueOrThrow();
            }
        })));

    private static Task PgbenchTransactionsAsync(NpgsqlDataSource source, int operations) =>
        Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < operations / Writers; i++)
            {
                var account = Random.Shared.Next(1, 200_001);
                var delta = Random.Shared.Next(-5000, 5001);
                await using var connection = await source.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await ExecuteAsync(connection, "UPDATE pgbench_accounts SET abalance = abalance + $1 WHERE aid = $2", delta, account);
                await ExecuteAsync(connection, "SELECT abalance FROM pgbench_accounts WHERE aid = $1", account);
                await ExecuteAsync(connection, "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES ($1, $2, $3, $4, CURRENT_TIMESTAMP)", Random.Shared.Next(1, 21), Random.Shared.Next(1, 3), account, delta);
                await transaction.CommitAsync();
            }
        })));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await command.ExecuteNonQueryAsync();
    }

    private static string Target(PostgresCluster cluster, string database) => $"-h 127.0.0.1 -p {cluster.Port} -U {cluster.Username} {database}";

    /// <summary>Runs pgbench under a shell whose <c>times</c> reports the CPU its child used.</summary>
    private static async Task<(string Output, double ClientSeconds)> PgbenchAsync(PostgresCluster cluster, string arguments)
    {
        var start = new ProcessStartInfo("bash", ["-c", $"{Path.Combine(cluster.Binaries, "pgbench")} {arguments} && times >&2"]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PGPASSWORD"] = cluster.Password;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"pgbench {arguments} failed: {errors}");
        }

        // `times`: the shell's user and system times, then its children's ("0m1.234s 0m0.567s").
        var children = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Split(' ');
        return (output, children.Sum(Seconds));
    }

    private static double Seconds(string time)
    {
        var m = time.IndexOf('m', StringComparison.Ordinal);
        return (double.Parse(time[..m], CultureInfo.InvariantCulture) * 60) + double.Parse(time[(m + 1)..].TrimEnd('s'), CultureInfo.InvariantCulture);
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Split(' ')[0];

    /// <summary>Counts Npgsql's command measurements (one per round trip).</summary>
    private sealed class CommandCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public CommandCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _count));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
