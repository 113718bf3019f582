using BenchmarkDotNet.Running;
using Omnichannel.Benchmarks.Soak;

// Every benchmark class of this assembly (Lifecycle/, Routing/, Transcripts/, Search/ ...) is listed and filtered
// by BenchmarkDotNet's switcher: `dotnet run -c Release -- --filter '*Lifecycle*'`.
// `-- multiprocess [rounds]`: the measured multi-process drain on PostgreSQL (several OS processes, outside BenchmarkDotNet).
// `-- pgcost [assignments] [rounds]`: where a PostgreSQL assignment's CPU, WAL and round trips go (Storage/PostgreSqlAssignmentCostRunner.cs).
// `-- soak`: the memory soak of issue #12 (Soak/MemorySoak.cs).
// `-- sqlitecost [lifecycles] [rounds]`: where a SQLite lifecycle's CPU, allocations, statements and writes go (Storage/SqliteLifecycleCostRunner.cs).
if (args.Length > 0 && args[0] == "multiprocess")
{
    return await Omnichannel.Benchmarks.Storage.MultiProcessDrainRunner.RunAsync(args);
}

if (args.Length > 0 && args[0] == "pgcost")
{
    return await Omnichannel.Benchmarks.Storage.PostgreSqlAssignmentCostRunner.RunAsync(args);
}

if (args.Length > 0 && args[0] == "sqlitecost")
{
    return await Omnichannel.Benchmarks.Storage.SqliteLifecycleCostRunner.RunAsync(args);
}

if (args.Length > 0 && args[0] == "soak")
{
    return await MemorySoak.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
