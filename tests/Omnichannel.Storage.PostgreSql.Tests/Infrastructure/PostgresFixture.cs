namespace Omnichannel.Tests.PostgreSql;

/// <summary>
/// Gives tests fresh databases on the process's shared <see cref="PostgresCluster"/>, and drops them when the fixture is
/// disposed. Use it as a class fixture (<c>IClassFixture&lt;PostgresFixture&gt;</c>) or a collection fixture
/// (<see cref="PostgresTestGroup"/>); the cluster itself starts once per process either way.
/// </summary>
/// <remarks>Thread-safe: tests of one class may create databases concurrently.</remarks>
public sealed class PostgresFixture : IAsyncLifetime
{
    private readonly List<string> _created = [];
    private readonly Lock _sync = new();

    /// <summary>The shared cluster; set once <see cref="InitializeAsync"/> ran (xunit runs it before the first test).</summary>
    public PostgresCluster Cluster { get; private set; } = null!;

    /// <summary>Creates a new database that only the caller uses: empty, or a copy of <paramref name="template"/>.</summary>
    /// <param name="template">A database to copy (nobody may be connected to it), for example one migrated once for many tests; null for an empty one.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>A connection string for it (superuser, TCP on loopback).</returns>
    public async Task<string> CreateEmptyDatabaseAsync(string? template = null, CancellationToken cancellationToken = default)
    {
        var name = await Cluster.CreateDatabaseAsync(template, cancellationToken);
        lock (_sync)
        {
            _created.Add(name);
        }

        return Cluster.ConnectionString(name);
    }

    /// <inheritdoc />
    public async Task InitializeAsync() => Cluster = await PostgresCluster.SharedAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        string[] created;
        lock (_sync)
        {
            created = [.. _created];
            _created.Clear();
        }

        foreach (var name in created)
        {
            await Cluster.DropDatabaseAsync(name);
        }
    }
}

/// <summary>Test classes marked <c>[Collection(PostgresTestGroup.Name)]</c> share one <see cref="PostgresFixture"/> and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresTestGroup : ICollectionFixture<PostgresFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "PostgreSQL";
}
