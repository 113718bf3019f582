using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Simulator.Cli;


namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// The SQLite file one algorithm's run stores its data in (<c>--store sqlite</c>): the given path with the algorithm's
/// name added, or a temporary file deleted after the run. Every run starts from an empty database, so a file that
/// exists already is refused rather than mixed with an earlier run.
/// </summary>
internal sealed class SimulationDatabase : IDisposable
{
    private readonly string? _temporaryFolder;

    private SimulationDatabase(string path, string? temporaryFolder)
    {
        Path = path;
        _temporaryFolder = temporaryFolder;
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>The database of <paramref name="algorithm"/>'s run, or null when the run stores in memory.</summary>
    public static SimulationDatabase? For(SimulatorOptions options, AlgorithmChoice algorithm)
    {
        if (options.Store != StoreKind.Sqlite)
        {
            return null;
        }

        if (options.DatabasePath is null)
        {
            var folder = Directory.CreateTempSubdirectory("omnichannel-simulator-").FullName;
            return new SimulationDatabase(System.IO.Path.Combine(folder, $"{algorithm.Name}.db"), folder);
        }

        return new SimulationDatabase(PathFor(options.DatabasePath, algorithm), null);
    }

    /// <summary>The file of <paramref name="algorithm"/>'s run: <paramref name="databasePath"/> with the algorithm's name added.</summary>
    public static string PathFor(string databasePath, AlgorithmChoice algorithm)
    {
        var full = System.IO.Path.GetFullPath(databasePath);
        return System.IO.Path.Combine(System.IO.Path.GetDirectoryName(full)!,
            $"{System.IO.Path.GetFileNameWithoutExtension(full)}-{algorithm.Name}{System.IO.Path.GetExtension(full)}");
    }

    /// <summary>Refuses database files that exist already: a run starts from an empty database.</summary>
    public static void EnsureNew(SimulatorOptions options)
    {
        if (options.DatabasePath is null)
        {
            return;
        }

        foreach (var algorithm in options.Algorithms)
        {
            var path = PathFor(options.DatabasePath, algorithm);
            if (File.Exists(path))
            {
                throw new OptionsException($"The database '{path}' exists already; a run starts from an empty database. Remove it or give another --database.");
            }
        }
    }

    /// <summary>Stores the library's data in the file.</summary>
    public void Configure(IServiceCollection services) =>
        services.AddOmnichannelSqlite($"Data Source={Path}");

    public void Dispose()
    {
        if (_temporaryFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_temporaryFolder, recursive: true);
        }
    }
}
