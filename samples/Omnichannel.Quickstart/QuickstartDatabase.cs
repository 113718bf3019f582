using Microsoft.Data.Sqlite;

namespace Omnichannel.Quickstart;

/// <summary>The SQLite file of <c>--sqlite [FILE]</c>: the given file (which must not exist yet), or a temporary one deleted at the end.</summary>
internal sealed class QuickstartDatabase(string path, string? temporaryFolder) : IDisposable
{
    public string Path { get; } = path;

    public static QuickstartDatabase? FromArguments(string[] args)
    {
        var at = Array.IndexOf(args, "--sqlite");
        if (at < 0)
        {
            return null;
        }

        if (at + 1 < args.Length)
        {
            var file = System.IO.Path.GetFullPath(args[at + 1]);
            return File.Exists(file)
                ? throw new ArgumentException($"'{file}' exists already: the story starts from an empty database. Remove it or name another file.")
                : new QuickstartDatabase(file, null);
        }

        var folder = Directory.CreateTempSubdirectory("omnichannel-quickstart-").FullName;
        return new QuickstartDatabase(System.IO.Path.Combine(folder, "quickstart.db"), folder);
    }

    public void Dispose()
    {
        if (temporaryFolder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(temporaryFolder, recursive: true);
        }
    }
}
