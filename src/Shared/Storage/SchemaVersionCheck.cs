namespace Omnichannel.Storage.Shared;

/// <summary>
/// The rule every adapter applies before touching a database's schema: a schema newer than the library knows was
/// written by a newer version of the library, and is refused, never altered (an older library could corrupt it).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class SchemaVersionCheck
{
    /// <summary>Throws when <paramref name="stored"/> is newer than <paramref name="latestKnown"/>.</summary>
    /// <param name="stored">The schema version recorded in the database (0 for an empty database).</param>
    /// <param name="latestKnown">The newest schema version this adapter ships.</param>
    /// <param name="adapter">The adapter package, for example "Omnichannel.Storage.Sqlite".</param>
    /// <param name="database">Where the database is, for the message (a file path, a host and database name).</param>
    /// <exception cref="InvalidOperationException">The database's schema is newer.</exception>
    public static void RefuseNewer(int stored, int latestKnown, string adapter, string database)
    {
        if (stored > latestKnown)
        {
            throw new InvalidOperationException(
                $"The Omnichannel database {database} has schema version {stored}, but this version of {adapter} knows schema versions up to {latestKnown}. "
                + "It was created or upgraded by a newer version of the library; upgrade the package (the database was not changed).");
        }
    }

    /// <summary>Throws when a database that is not migrated automatically is not at <paramref name="latestKnown"/>.</summary>
    /// <param name="stored">The schema version recorded in the database.</param>
    /// <param name="latestKnown">The newest schema version this adapter ships.</param>
    /// <param name="adapter">The adapter package.</param>
    /// <param name="database">Where the database is, for the message.</param>
    /// <exception cref="InvalidOperationException">The schema is older or newer.</exception>
    public static void RequireCurrent(int stored, int latestKnown, string adapter, string database)
    {
        RefuseNewer(stored, latestKnown, adapter, database);
        if (stored < latestKnown)
        {
            throw new InvalidOperationException(
                $"The Omnichannel database {database} has schema version {stored}, but {adapter} needs version {latestKnown}, and migration at start-up is off. "
                + "Call MigrateAsync (or turn migration at start-up on) to bring it up to date.");
        }
    }
}
