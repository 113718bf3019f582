namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>One step of the schema: applied once, in order, inside the transaction that records it in schema_version.</summary>
/// <param name="Version">The schema version the step produces (1, 2, ...).</param>
/// <param name="Name">What the step does, recorded beside the version.</param>
/// <param name="Sql">The statements.</param>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed record SqliteMigration(int Version, string Name, string Sql);
