using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Storage.Sqlite;

namespace Omnichannel.Benchmarks.Storage;

/// <summary>The stores the storage benchmarks compare, each wired as a host would wire it.</summary>
internal static class BenchmarkStores
{
    public const string Memory = "memory";
    public const string Sqlite = "sqlite";

    /// <summary>A container with the library on <paramref name="store"/>; a SQLite store is a fresh temporary file in WAL mode.</summary>
    public static World Create(string store)
    {
        var services = new ServiceCollection().AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true);
        string? folder = null;
        if (store == Sqlite)
        {
            folder = Directory.CreateTempSubdirectory("omnichannel-bench-").FullName;
            services.AddOmnichannelSqlite($"Data Source={Path.Combine(folder, "omnichannel.db")}");
        }
        else if (store != Memory)
        {
            throw new ArgumentException($"Unknown store '{store}'.", nameof(store));
        }

        var provider = services.BuildServiceProvider();
        return new World(provider, folder);
    }

    /// <summary>The container and the temporary folder to delete with it.</summary>
    public sealed class World(ServiceProvider provider, string? folder) : IDisposable
    {
        public ServiceProvider Provider { get; } = provider;

        public void Dispose()
        {
            Provider.Dispose();
            if (folder is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }
    }
}
