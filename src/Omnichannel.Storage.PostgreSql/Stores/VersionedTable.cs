using Npgsql;
using Omnichannel.Storage.PostgreSql.Internal;
using Omnichannel.Storage.Shared;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// A table of versioned entities: the key, the version, the entity as JSON in <c>data</c>, and optionally columns
/// copied from the entity for queries and constraints. Inserts and version-checked updates are one statement each;
/// only a refused write costs a second round trip, to read the stored version for the conflict's message.
/// </summary>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <remarks>Thread-safe: it holds only immutable SQL text and delegates.</remarks>
internal sealed class VersionedTable<TEntity>
    where TEntity : class, IVersioned<TEntity>
{
    private readonly PostgreSqlOmnichannelDatabase _database;
    private readonly string _entityName;
    private readonly Func<TEntity, string> _keyOf;
    private readonly Action<TEntity, NpgsqlParameterCollection>? _addColumns;
    private readonly string _select;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _version;
    private readonly string _delete;
    private readonly VersionedCache<TEntity>? _cache;

    /// <param name="database">The database.</param>
    /// <param name="table">The table's name.</param>
    /// <param name="key">The key column's name.</param>
    /// <param name="entityName">What an entity is called in messages ("agent").</param>
    /// <param name="keyOf">The key of an entity.</param>
    /// <param name="columns">The extra columns, in the order <paramref name="addColumns"/> adds their parameters.</param>
    /// <param name="addColumns">Adds one parameter per extra column.</param>
    /// <param name="cache">Where entities read and written are remembered for <see cref="GetForChangeAsync"/>; none when null.</param>
    public VersionedTable(
        PostgreSqlOmnichannelDatabase database,
        string table,
        string key,
        string entityName,
        Func<TEntity, string> keyOf,
        IReadOnlyList<string>? columns = null,
        Action<TEntity, NpgsqlParameterCollection>? addColumns = null,
        VersionedCache<TEntity>? cache = null)
    {
        _cache = cache;
        _database = database;
        _entityName = entityName;
        _keyOf = keyOf;
        _addColumns = addColumns;
        columns ??= [];
        var names = string.Concat(columns.Select(c => ", " + c));
        var values = string.Concat(columns.Select((_, i) => $", ${i + 4}"));
        var sets = string.Concat(columns.Select((c, i) => $", {c} = ${i + 4}"));
        _select = $"SELECT version, data FROM {table} WHERE {key} = $1";
        // $1 key, $2 new version, $3 data, $4... extra columns; the update's expected version comes last.
        _insert = $"INSERT INTO {table} ({key}, version, data{names}) VALUES ($1, $2, $3{values}) ON CONFLICT ({key}) DO NOTHING";
        _update = $"UPDATE {table} SET version = $2, data = $3{sets} WHERE {key} = $1 AND version = ${columns.Count + 4}";
        _version = $"SELECT version FROM {table} WHERE {key} = $1";
        _delete = $"DELETE FROM {table} WHERE {key} = $1 AND version = $2";
    }

    public async ValueTask<TEntity?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync(_select, cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(key));
        var found = await ListAsync(command, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            _cache?.Forget(key);
            return null;
        }

        _cache?.Remember(key, found[0].Version, found[0]);
        return found[0];
    }

    /// <summary>
    /// The entity to decide a conversation change from: what this process last read or wrote when the table has a
    /// cache (the change's write checks its version), else a read.
    /// </summary>
    public ValueTask<TEntity?> GetForChangeAsync(string key, CancellationToken cancellationToken) =>
        _cache?.Latest(key) is { } remembered ? ValueTask.FromResult<TEntity?>(remembered) : GetAsync(key, cancellationToken);

    /// <summary>Remembers entities just read by a query (they are as current as a read by id).</summary>
    public void Remember(IEnumerable<TEntity> entities)
    {
        if (_cache is null)
        {
            return;
        }

        foreach (var entity in entities)
        {
            _cache.Remember(_keyOf(entity), entity.Version, entity);
        }
    }

    /// <summary>Inserts (version 0) or replaces (the stored version) the entity, in one statement.</summary>
    /// <exception cref="ConcurrencyConflictException">The stored version differs, or a new entity's key exists.</exception>
    public async ValueTask<TEntity> SaveAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        cancellationToken.ThrowIfCancellationRequested();
        var key = _keyOf(entity);
        var next = entity.WithVersion(entity.Version + 1);
        int written;
        await using (var command = await _database.CommandAsync(entity.Version == 0 ? _insert : _update, cancellationToken).ConfigureAwait(false))
        {
            command.Parameters.Add(Sql.Text(key));
            command.Parameters.Add(Sql.Bigint(next.Version));
            command.Parameters.Add(Sql.Jsonb(StorageJson.Serialize(next)));
            _addColumns?.Invoke(next, command.Parameters);
            if (entity.Version != 0)
            {
                command.Parameters.Add(Sql.Bigint(entity.Version));
            }

            written = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (written == 1)
        {
            _cache?.Remember(key, next.Version, next);
            return next;
        }

        _cache?.Forget(key);

        throw new ConcurrencyConflictException($"{_entityName} '{key}'", entity.Version, await StoredVersionAsync(key, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Deletes the row at <paramref name="version"/> in one statement: false when there is none, a conflict when its version differs.</summary>
    /// <exception cref="ConcurrencyConflictException">The stored version differs.</exception>
    public async ValueTask<bool> DeleteAsync(string key, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int deleted;
        await using (var command = await _database.CommandAsync(_delete, cancellationToken).ConfigureAwait(false))
        {
            command.Parameters.Add(Sql.Text(key));
            command.Parameters.Add(Sql.Bigint(version));
            deleted = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        _cache?.Forget(key);
        if (deleted == 1)
        {
            return true;
        }

        var stored = await StoredVersionAsync(key, cancellationToken).ConfigureAwait(false);
        return stored == 0 ? false : throw new ConcurrencyConflictException($"{_entityName} '{key}'", version, stored);
    }

    /// <summary>The stored version of <paramref name="key"/>; 0 when absent.</summary>
    public async ValueTask<long> StoredVersionAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = await _database.CommandAsync(_version, cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(key));
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long version ? version : 0;
    }

    /// <summary>Runs a query returning (version, data) rows.</summary>
    public static async ValueTask<List<TEntity>> ListAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var result = new List<TEntity>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(Read(reader, 0));
        }

        return result;
    }

    /// <summary>Reads the entity from the (version, data) columns starting at <paramref name="ordinal"/>.</summary>
    public static TEntity Read(NpgsqlDataReader reader, int ordinal) =>
        StorageJson.Deserialize<TEntity>(reader.GetString(ordinal + 1)).WithVersion(reader.GetInt64(ordinal));
}
