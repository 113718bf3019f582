using System.Collections.Immutable;
using Microsoft.Data.Sqlite;
using Omnichannel.Conversations;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>A message as a row of the <c>messages</c> table, converted before the write lock is taken.</summary>
/// <remarks>Immutable and thread-safe.</remarks>
internal sealed record MessageRow(int Sequence, int AuthorKind, string? AuthorId, string Text, long SentAt, string? Attachments)
{
    public const string Columns = "sequence, author_kind, author_id, text, sent_at, attachments";

    private const string Insert = """
        INSERT INTO messages (conversation_id, sequence, author_kind, author_id, text, sent_at, attachments)
        VALUES ($conversation, $sequence, $author_kind, $author_id, $text, $sent_at, $attachments)
        """;

    public static MessageRow[] From(ConversationId conversation, IReadOnlyList<Message>? messages)
    {
        if (messages is not { Count: > 0 })
        {
            return [];
        }

        var rows = new MessageRow[messages.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var message = messages[i] ?? throw new ArgumentException($"Message {i + 1} of the write to conversation '{conversation}' is null.", nameof(messages));
            rows[i] = new MessageRow(
                message.Sequence,
                (int)message.AuthorKind,
                message.AuthorId,
                message.Text ?? throw new ArgumentException($"Message {message.Sequence} of conversation '{conversation}' has no text.", nameof(messages)),
                StorageTime.ToUnixNanoseconds(message.SentAt, $"the sending time of message {message.Sequence} of conversation '{conversation}'"),
                message.Attachments.IsDefaultOrEmpty ? null : StorageJson.Serialize(message.Attachments));
        }

        return rows;
    }

    public static void InsertAll(SqliteSession session, string conversation, MessageRow[] rows)
    {
        foreach (var row in rows)
        {
            session.Statement(Insert)
                .Bind("$conversation", conversation)
                .Bind("$sequence", row.Sequence)
                .Bind("$author_kind", row.AuthorKind)
                .Bind("$author_id", row.AuthorId)
                .Bind("$text", row.Text)
                .Bind("$sent_at", row.SentAt)
                .Bind("$attachments", row.Attachments)
                .Execute();
        }
    }

    /// <summary>Reads the current row of <paramref name="reader"/>, selected as <see cref="Columns"/>.</summary>
    public static Message Read(SqliteDataReader reader) => new()
    {
        Sequence = reader.GetInt32(0),
        AuthorKind = (AuthorKind)reader.GetInt32(1),
        AuthorId = reader.GetNullableString(2),
        Text = reader.GetString(3),
        SentAt = StorageTime.FromUnixNanoseconds(reader.GetInt64(4)),
        Attachments = reader.GetNullableString(5) is { } json ? StorageJson.Deserialize<ImmutableArray<Attachment>>(json) : [],
    };
}
