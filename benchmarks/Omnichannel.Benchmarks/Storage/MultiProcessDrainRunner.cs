using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Departments;
using Omnichannel.Conversations;
using Omnichannel.Storage.PostgreSql;
using Omnichannel.Tests.PostgreSql;

namespace Omnichannel.Benchmarks.Storage;

/// <summary>
/// Conversations routed per second by 1 and by 3 OS processes (tests/Omnichannel.MultiProcess.Host) sharing one durable
/// PostgreSQL database: a measured runner rather than BenchmarkDotNet, which runs one process. Each run copies a database
/// holding <see cref="Conversations"/> queued conversations in <see cref="Departments"/> departments whose agents are all
/// Away, starts the processes and waits until they have split the department leases evenly, then sets every agent
/// Available in one statement, wakes every department (NOTIFY) and times until the last conversation is assigned.
/// Run: <c>dotnet run -c Release --project benchmarks/Omnichannel.Benchmarks -- multiprocess [rounds]</c>.
/// </summary>
internal static class MultiProcessDrainRunner
{
    private const int Departments = 12;
    private const int AgentsPerDepartment = 40;
    private const int AgentLimit = 10;
    private const int ConversationsPerDepartment = 400;
    private const int Conversations = Departments * ConversationsPerDepartment;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        await using var cluster = await PostgresCluster.StartAsync(durable: true);
        Console.WriteLine($"Seeding {Conversations} queued conversations in {Departments} departments, {Departments * AgentsPerDepartment} agents (limit {AgentLimit}, Away)...");
        var template = await SeedTemplateAsync(cluster);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Multi-process drain on PostgreSQL ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"{Conversations:N0} queued conversations, {Departments} departments, {Departments * AgentsPerDepartment} agents (limit {AgentLimit} each), durable PostgreSQL 15 (fsync on) on the same machine; "
            + $"{Environment.ProcessorCount} logical cores shared by the processes, the server and this runner. Each process: load balancing, reconcile interval 1 s, leases and wake-ups through the PostgreSQL coordinator.");
        report.AppendLine();
        report.AppendLine("The machine is shared: the load average (1 min, from /proc/loadavg) when each run ended says how busy it was.");
        report.AppendLine();
        report.AppendLine("| Processes | Round | Drain time | Conversations routed per second | Assignments per process | Load average |");
        report.AppendLine("|---:|---:|---:|---:|---|---:|");
        foreach (var processes in new[] { 1, 3 })
        {
            var rates = new List<double>();
            for (var round = 1; round <= rounds; round++)
            {
                var (elapsed, perProcess) = await DrainAsync(cluster, template, processes);
                var rate = Conversations / elapsed.TotalSeconds;
                rates.Add(rate);
                var line = string.Create(CultureInfo.InvariantCulture, $"| {processes} | {round} | {elapsed.TotalSeconds:F2} s | {rate:N0} | {string.Join(" / ", perProcess)} | {LoadAverage()} |");
                Console.WriteLine(line);
                report.AppendLine(line);
            }

            rates.Sort();
            report.AppendLine(CultureInfo.InvariantCulture, $"| {processes} | median | | **{rates[rates.Count / 2]:N0}** | | |");
        }

        var folder = Path.Combine(FindRepository(), "benchmarks", "results");
        await File.WriteAllTextAsync(Path.Combine(folder, "MultiProcessDrain.md"), report.ToString());
        Console.WriteLine(report);
        return 0;
    }

    private static async Task<(TimeSpan Elapsed, List<int> PerProcess)> DrainAsync(PostgresCluster cluster, string template, int processes)
    {
        var name = await cluster.CreateDatabaseAsync(template);
        var connectionString = cluster.ConnectionString(name);
        var hosts = new List<HostProcess>();
        try
        {
            hosts.AddRange(await Task.WhenAll(Enumerable.Range(1, processes).Select(i =>
                HostProcess.StartAsync(["--connection", connectionString, "--index", $"{i}", "--reconcile-ms", "1000"], TimeSpan.FromSeconds(60)))));
            await WaitForBalancedLeasesAsync(connectionString, processes);

            var watch = Stopwatch.StartNew();
            var wake = string.Join(", ", Enumerable.Range(1, Departments).Select(d => $"pg_notify('omnichannel_routing', 'w:d{d:D2}')"));
            await ExecuteAsync(connectionString, $"UPDATE agents SET data = jsonb_set(data, '{{status}}', '\"Available\"'), version = version + 1; SELECT {wake};");
            while ((long)(await ExecuteAsync(connectionString, "SELECT count(*) FROM conversations WHERE state = 'Taken'"))! < Conversations)
            {
                if (watch.Elapsed > TimeSpan.FromMinutes(5))
                {
                    throw new InvalidOperationException("The drain did not finish within 5 minutes: " + string.Join(Environment.NewLine, hosts.Select(h => h.Errors)));
                }

                await Task.Delay(10);
            }

            var elapsed = watch.Elapsed;
            foreach (var host in hosts)
            {
                await host.ExitAsync(TimeSpan.FromSeconds(20));
            }

            return (elapsed, [.. hosts.Select(h => h.Lines.Count(l => l.StartsWith("routed ", StringComparison.Ordinal)))]);
        }
        finally
        {
            foreach (var host in hosts)
            {
                host.Dispose();
            }

            NpgsqlConnection.ClearAllPools();
            await cluster.DropDatabaseAsync(name);
        }
    }

    /// <summary>Waits until every process is a member and holds its even share of the departments (no rebalancing during the measurement).</summary>
    private static async Task WaitForBalancedLeasesAsync(string connectionString, int processes)
    {
        const string Shares = "SELECT coalesce(string_agg(n::text, ',' ORDER BY n), '') FROM (SELECT pid, count(*) FILTER (WHERE classid::int8 = 1332571730) AS n FROM pg_locks "
            + "WHERE locktype = 'advisory' AND objsubid = 2 AND database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            + "AND classid::int8 IN (1332571730, 1332571725) GROUP BY pid HAVING bool_or(classid::int8 = 1332571725)) AS members";
        var expected = string.Join(',', Enumerable.Repeat(Departments / processes, processes));
        var watch = Stopwatch.StartNew();
        while ((string)(await ExecuteAsync(connectionString, Shares))! != expected)
        {
            if (watch.Elapsed > TimeSpan.FromSeconds(30))
            {
                throw new InvalidOperationException($"The leases did not balance to {expected} within 30 s.");
            }

            await Task.Delay(50);
        }
    }

    private static async Task<string> SeedTemplateAsync(PostgresCluster cluster)
    {
        var name = await cluster.CreateDatabaseAsync();
        var connectionString = cluster.ConnectionString(name);
        // The agents are seeded Away (so nothing is routed before the timer starts): accept conversations while nobody is online.
        await using (var provider = new ServiceCollection().AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true).AddOmnichannelPostgreSql(connectionString).BuildServiceProvider())
        {
            var database = provider.GetRequiredService<PostgreSqlOmnichannelDatabase>();
            await database.MigrateAsync(CancellationToken.None);
            var service = provider.GetRequiredService<IConversationService>();
            for (var d = 1; d <= Departments; d++)
            {
                var department = new DepartmentId($"d{d:D2}");
                await database.Departments.SaveAsync(new Department { Id = department, Name = department.Value }, CancellationToken.None);
                for (var a = 0; a < AgentsPerDepartment; a++)
                {
                    var agent = $"{department}-a{a:D2}";
                    await database.Agents.SaveAsync(new Agent { Id = new AgentId(agent), Username = agent, Departments = [department], MaxSimultaneousConversations = AgentLimit, Status = AgentStatus.Away }, CancellationToken.None);
                }
            }

            await Parallel.ForEachAsync(Enumerable.Range(0, Conversations), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
            {
                var contact = new ContactId($"k{i:D5}");
                await database.Contacts.SaveAsync(new Contact { Id = contact, Name = contact.Value }, ct);
                var started = await service.ReceiveContactMessageAsync(contact, new DepartmentId($"d{(i % Departments) + 1:D2}"), "hello", cancellationToken: ct);
                if (!started.Succeeded)
                {
                    throw new InvalidOperationException(started.Error.Message);
                }
            });
        }

        NpgsqlConnection.ClearAllPools(); // a template may have no connections while it is copied
        return name;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static string FindRepository()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Omnichannel.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("Run from within the repository.");
    }
}
