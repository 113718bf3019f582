using System.Buffers;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Shared.Json;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// One statement's command, its connection object and its parameters, kept between calls (rented from a
/// <see cref="ReusableCommandPool"/>): a call sets the values of the parameters the previous call created instead of
/// creating them again, and serializes its JSON into a buffer the command keeps. What the server receives is the same
/// as with a new command: the same text, the same parameters, types and bytes. Only the client's objects are reused:
/// an assignment created 19 <see cref="NpgsqlParameter"/> objects (about 270 bytes each), a command, a connection
/// object and a byte array per record.
/// </summary>
/// <remarks>
/// Not thread-safe: one call at a time uses it, between <see cref="ReusableCommandPool.Rent"/> and
/// <see cref="ReusableCommandPool.Return"/>. A call that fails does not return it (whatever state a failed execution
/// leaves is dropped with it).
/// </remarks>
internal sealed class ReusableCommand : IDisposable
{
    /// <summary>A buffer grown past this by a large record is not kept for the next call.</summary>
    internal const int MaxRetainedJsonBytes = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = StorageJson.WriterOptions;

    private readonly NpgsqlCommand _command;
    private readonly string _sql;
    private ArrayBufferWriter<byte> _json = new(4096);
    private Utf8JsonWriter? _writer;
    private int _next;

    public ReusableCommand(NpgsqlDataSource source, string sql, int shape)
    {
        Shape = shape;
        _sql = sql;
        _command = new NpgsqlCommand(sql, source.CreateConnection());
    }

    /// <summary>Which statement this is (the pool's key).</summary>
    public int Shape { get; }

    /// <summary>Starts a call: parameters are set again from the first, the JSON buffer starts empty.</summary>
    public void Begin()
    {
        _next = 0;
        if (_json.Capacity > MaxRetainedJsonBytes)
        {
            _json = new ArrayBufferWriter<byte>(4096);
            _writer = null;
        }
        else
        {
            _json.ResetWrittenCount();
        }
    }

    /// <summary>Sets the next parameter (in order) to <paramref name="value"/>; null is SQL NULL.</summary>
    public void Add<T>(T value, NpgsqlDbType type)
    {
        var parameters = _command.Parameters;
        if (_next < parameters.Count && parameters[_next] is NpgsqlParameter<T> reused && reused.NpgsqlDbType == type)
        {
            reused.TypedValue = value;
        }
        else
        {
            var created = new NpgsqlParameter<T> { NpgsqlDbType = type, TypedValue = value };
            if (_next < parameters.Count)
            {
                parameters[_next] = created;
            }
            else
            {
                parameters.Add(created);
            }
        }

        _next++;
    }

    /// <summary>
    /// Serializes <paramref name="value"/> with the storage codec into this command's buffer; the bytes are those of
    /// <see cref="StorageJson.SerializeToUtf8Bytes{T}"/>. Read them with <see cref="Json"/> once every value of the call
    /// is written (the buffer may move while it grows).
    /// </summary>
    public JsonSlice WriteJson<T>(T value)
    {
        var start = _json.WrittenCount;
        var writer = _writer ??= new Utf8JsonWriter(_json, WriterOptions);
        writer.Reset(_json);
        try
        {
            JsonSerializer.Serialize(writer, value, StorageJson.Options);
        }
        catch (DefaultIdentifierJsonException exception)
        {
            throw StorageJson.Refusal<T>(exception);
        }

        writer.Flush();
        return new JsonSlice(start, _json.WrittenCount - start);
    }

    /// <summary>The bytes <see cref="WriteJson{T}"/> wrote, valid until the next <see cref="Begin"/>.</summary>
    public ReadOnlyMemory<byte> Json(JsonSlice slice) => _json.WrittenMemory.Slice(slice.Start, slice.Length);

    /// <summary>
    /// The command with this call's parameters, ready to run on its connection (closed: open it, run, close it). The
    /// caller runs it in its own async method, so a call adds no state machine of its own.
    /// </summary>
    public NpgsqlCommand Ready()
    {
        var parameters = _command.Parameters;
        while (parameters.Count > _next)
        {
            // A statement's parameters are fixed, so this happens only if a call set fewer than the last one: never send those.
            parameters.RemoveAt(parameters.Count - 1);
        }

        // Setting the text again makes Npgsql forget what it prepared for this command on an earlier call, so it looks the
        // statement up on this call's connection exactly as for a new command (it would otherwise reuse the earlier call's
        // prepared statement whenever the pool hands back the same connection).
        _command.CommandText = _sql;
        return _command;
    }

    /// <summary>Drops the command, its (closed) connection object and its writer.</summary>
    public void Dispose()
    {
        var connection = _command.Connection;
        _command.Dispose();
        connection?.Dispose();
        _writer?.Dispose();
    }

    /// <summary>Where one value's JSON is in the buffer.</summary>
    internal readonly record struct JsonSlice(int Start, int Length);
}
