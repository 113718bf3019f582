using System.Globalization;
using System.Reflection;

namespace Omnichannel.Storage.PostgreSql.Internal;

/// <summary>
/// The schema migrations shipped in this assembly (Migrations/NNNN_name.sql, embedded), in order. A migration is
/// never edited once released: a change to the schema is a new file with the next number.
/// </summary>
/// <remarks>Immutable after the type is initialized; thread-safe.</remarks>
internal static class PostgreSqlMigrations
{
    private const string Prefix = "Omnichannel.Storage.PostgreSql.Migrations.";

    /// <summary>Every migration, ascending by version.</summary>
    public static IReadOnlyList<Migration> All { get; } = Load();

    /// <summary>The newest schema version.</summary>
    public static int Latest => All[^1].Version;

    private static Migration[] Load()
    {
        var assembly = typeof(PostgreSqlMigrations).Assembly;
        var migrations = assembly.GetManifestResourceNames()
            .Where(static name => name.StartsWith(Prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => Read(assembly, name))
            .OrderBy(static m => m.Version)
            .ToArray();
        for (var i = 0; i < migrations.Length; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"The PostgreSQL migrations must be numbered 1, 2, 3, ... without gaps; found {migrations[i].Name} at position {i + 1}.");
            }
        }

        return migrations;
    }

    private static Migration Read(Assembly assembly, string resource)
    {
        var name = resource[Prefix.Length..^".sql".Length];
        var number = name.Split('_', 2)[0];
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(int.Parse(number, NumberStyles.None, CultureInfo.InvariantCulture), name, reader.ReadToEnd());
    }

    /// <summary>One migration.</summary>
    /// <param name="Version">The schema version it brings the database to.</param>
    /// <param name="Name">Its file name without extension, recorded in schema_version.</param>
    /// <param name="Sql">Its statements.</param>
    internal sealed record Migration(int Version, string Name, string Sql);
}
