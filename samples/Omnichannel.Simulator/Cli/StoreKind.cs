namespace Omnichannel.Simulator.Cli;

/// <summary>Where a simulation run stores the library's data.</summary>
internal enum StoreKind
{
    /// <summary>The in-memory default.</summary>
    Memory,

    /// <summary>A SQLite file in WAL mode (<c>Omnichannel.Storage.Sqlite</c>).</summary>
    Sqlite,
}
