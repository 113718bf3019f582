using Microsoft.Data.Sqlite;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// The shared core of the stores keeping one entity per row as <c>(id, version, data, [indexed copies])</c>: reads by
/// id, inserts at version 1, and updates whose version check is in the UPDATE's WHERE clause. A write is one statement
/// (atomic by itself) or, for stores with side tables, one transaction holding the database's write lock.
/// </summary>
/// <typeparam name="TId">The identifier type.</typeparam>
/// <typeparam name="TEntity">The entity type.</typeparam>
/// <remarks>Thread-safe: state is immutable after construction; the database serializes writes and pools read connections.</remarks>
internal abstract class SqliteVersionedStore<TId, TEntity> : IVersionedStore<TId, TEntity>
    where TEntity : class, IVersioned<TEntity>
{
    private readonly string _entityName;
    private readonly string _selectData;
    private readonly string _selectChanged;
    private readonly VersionedCache<TEntity> _cache = new();
    private readonly string _selectVersion;
    private readonly string _insert;
    private readonly string _update;
    private readonly string _delete;
    private readonly IReadOnlyList<IndexedColumn> _columns;

    protected SqliteVersionedStore(SqliteOmnichannelDatabase database, string table, string idColumn, string entityName, params IndexedColumn[] columns)
    {
        Database = database;
        _entityName = entityName;
        _columns = columns;
        _selectData = $"SELECT data FROM {table} WHERE {idColumn} = $id";
        _selectVersion = $"SELECT version FROM {table} WHERE {idColumn} = $id";
        // The data only when it differs from the version this process already parsed (see VersionedCache).
        _selectChanged = $"SELECT version, CASE WHEN version = $known THEN NULL ELSE data END FROM {table} WHERE {idColumn} = $id";
        var names = string.Concat(columns.Select(c => ", " + c.Name));
        var values = string.Concat(columns.Select(c => ", $" + c.Name));
        var assignments = string.Concat(columns.Select(c => $", {c.Name} = ${c.Name}"));
        // ON CONFLICT (id) DO NOTHING: an existing id is a version conflict, told apart from other unique indexes.
        _insert = $"INSERT INTO {table} ({idColumn}, version, data{names}) VALUES ($id, $version, $data{values}) ON CONFLICT ({idColumn}) DO NOTHING";
        _update = $"UPDATE {table} SET version = $version, data = $data{assignments} WHERE {idColumn} = $id AND version = $expected";
        _delete = $"DELETE FROM {table} WHERE {idColumn} = $id AND version = $expected";
    }

    protected SqliteOmnichannelDatabase Database { get; }

    /// <inheritdoc />
    public ValueTask<TEntity?> GetAsync(TId id, CancellationToken cancellationToken) =>
        Database.ReadAsync((Store: this, Id: IdText(id)), static (session, s) => s.Store.ReadCached(session, s.Id), cancellationToken, pointRead: true);

    /// <summary>
    /// The entity to decide a conversation change from: what this process last read or wrote, without a statement, when
    /// the table caches reads; else a read. Agents and departments only: the conversation's UPDATE checks the versions it
    /// was decided from (<see cref="Conversations.ConversationWrite.DecidedFromAgent"/>), so a stale answer is refused.
    /// </summary>
    public ValueTask<TEntity?> GetForChangeAsync(TId id, CancellationToken cancellationToken) =>
        CachesReads && _cache.Latest(IdText(id)) is { } remembered ? ValueTask.FromResult<TEntity?>(remembered) : GetAsync(id, cancellationToken);

    /// <inheritdoc />
    public ValueTask<TEntity> SaveAsync(TEntity entity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entity);
        cancellationToken.ThrowIfCancellationRequested();
        Validate(entity);
        var stored = entity.WithVersion(entity.Version + 1);
        // Serialized before taking the write lock, so the lock is held for the SQL only.
        var data = StorageJson.Serialize(stored);
        return RememberAsync(Database.WriteAsync((Store: this, Entity: entity, Stored: stored, Data: data), static (session, w) =>
        {
            w.Store.Write(session, w.Entity, w.Stored, w.Data);
            return w.Stored;
        }, cancellationToken, singleStatement: !WritesSideTables));
    }

    /// <summary>
    /// Deletes the row at <paramref name="version"/> in one statement: false when there is none, a conflict when its version
    /// differs. This process forgets its cached copy; see docs/storage.md for another process's cache.
    /// </summary>
    protected ValueTask<bool> DeleteRowAsync(TId id, long version, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var key = IdText(id);
        _cache.Forget(key);
        return Database.WriteAsync((Store: this, Id: key, Version: version), static (session, d) =>
        {
            if (session.Command(d.Store._delete).With("$id", d.Id).With("$expected", d.Version).ExecuteNonQuery() == 1)
            {
                d.Store._cache.Forget(d.Id);
                return true;
            }

            return session.Command(d.Store._selectVersion).With("$id", d.Id).ExecuteInt64OrNull() is { } stored
                ? throw new ConcurrencyConflictException($"{d.Store._entityName} '{d.Id}'", d.Version, stored)
                : false;
        }, cancellationToken, singleStatement: true);
    }

    /// <summary>Caches what a write stored once it has committed (a failed write caches nothing).</summary>
    private ValueTask<TEntity> RememberAsync(ValueTask<TEntity> write)
    {
        if (!CachesReads)
        {
            return write;
        }

        if (write.IsCompletedSuccessfully)
        {
            var stored = write.Result;
            _cache.Remember(IdText(IdOf(stored)), stored.Version, stored);
            return write;
        }

        return Awaited(write);

        async ValueTask<TEntity> Awaited(ValueTask<TEntity> pending)
        {
            var stored = await pending.ConfigureAwait(false);
            _cache.Remember(IdText(IdOf(stored)), stored.Version, stored);
            return stored;
        }
    }

    /// <summary>A read by id that parses the JSON only when the row changed since this process last saw it.</summary>
    private TEntity? ReadCached(SqliteSession session, string id)
    {
        if (!CachesReads)
        {
            return ReadOne(session, _selectData, id);
        }

        return ChangedRowRead.Read(session, _selectChanged, _selectData, id, _cache);
    }

    /// <summary>
    /// True when reads may reuse the entity parsed at the same version (see <see cref="VersionedCache{T}"/>). Only for
    /// tables whose rows are never deleted: a row deleted and created again starts at version 1 once more.
    /// </summary>
    protected virtual bool CachesReads => true;

    /// <summary>True when <see cref="AfterWrite"/> writes other tables, so a save needs a transaction around its statements.</summary>
    protected virtual bool WritesSideTables => false;

    /// <summary>The identifier's text, as stored in the id column.</summary>
    protected abstract string IdText(TId id);

    /// <summary>The entity's identifier.</summary>
    protected abstract TId IdOf(TEntity entity);

    /// <summary>Refuses an entity the store cannot hold, before anything is written.</summary>
    protected virtual void Validate(TEntity entity)
    {
    }

    /// <summary>Keeps side tables in step with a write, in its transaction.</summary>
    protected virtual void AfterWrite(SqliteSession session, TEntity stored, bool inserted)
    {
    }

    /// <summary>The exception for a UNIQUE index (other than the id's) refusing the write; the transaction is rolled back after.</summary>
    protected virtual Exception DescribeUniqueViolation(SqliteSession session, TEntity entity, SqliteException exception) =>
        new ConcurrencyConflictException($"Cannot save {_entityName} '{IdText(IdOf(entity))}': {exception.Message}", exception);

    protected ConcurrencyConflictException Conflict(TEntity entity, long actualVersion) =>
        new($"{_entityName} '{IdText(IdOf(entity))}'", entity.Version, actualVersion);

    protected static TEntity? ReadOne(SqliteSession session, string sql, object parameter)
    {
        using var reader = session.Command(sql).With("$id", parameter).ExecuteReader();
        return reader.Read() ? StorageJson.Deserialize<TEntity>(reader.GetString(0)) : null;
    }

    protected static List<TEntity> ReadAll(SqliteCommand command)
    {
        var result = new List<TEntity>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(StorageJson.Deserialize<TEntity>(reader.GetString(0)));
        }

        return result;
    }

    protected long? ReadVersion(SqliteSession session, TEntity entity) =>
        session.Command(_selectVersion).With("$id", IdText(IdOf(entity))).ExecuteInt64OrNull();

    private void Write(SqliteSession session, TEntity entity, TEntity stored, string data)
    {
        var id = IdText(IdOf(entity));
        var inserted = entity.Version == 0;
        try
        {
            if (inserted)
            {
                if (Bind(session.Command(_insert), id, stored, data).ExecuteNonQuery() == 0)
                {
                    throw Conflict(entity, ReadVersion(session, entity) ?? 0);
                }
            }
            else if (Bind(session.Command(_update), id, stored, data).With("$expected", entity.Version).ExecuteNonQuery() == 0)
            {
                throw Conflict(entity, ReadVersion(session, entity) ?? 0);
            }
        }
        catch (SqliteException exception) when (SqliteErrors.IsUniqueViolation(exception))
        {
            throw DescribeUniqueViolation(session, entity, exception);
        }

        AfterWrite(session, stored, inserted);
    }

    private SqliteCommand Bind(SqliteCommand command, string id, TEntity stored, string data)
    {
        command.With("$id", id).With("$version", stored.Version).With("$data", data);
        foreach (var column in _columns)
        {
            command.With("$" + column.Name, column.Value(stored));
        }

        return command;
    }

    /// <summary>A column holding a copy of one of the entity's values, for an index or a WHERE clause.</summary>
    protected sealed record IndexedColumn(string Name, Func<TEntity, object?> Value);
}
