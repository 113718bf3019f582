using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Storage.Sqlite;

using static Omnichannel.Storage.Sqlite.Tests.TestData;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>
/// The two fast paths of session 7: point reads on the writer's idle connection (whose page cache survives this
/// process's writes) and the write path's statements bound in place through SQLite's API. Each must give what the
/// pooled reader and Microsoft.Data.Sqlite's commands give, and the reads must fall back to the pool while a write holds
/// the lock.
/// </summary>
public sealed class WriterPathTests : IDisposable
{
    private static readonly DepartmentId Support = new("d-1");
    private readonly TemporaryDatabases _files = new();

    [Fact]
    public async Task A_point_read_on_the_idle_writer_sees_what_another_process_committed()
    {
        var path = _files.NewPath();
        var one = _files.Open(path);
        var two = _files.Open(path);
        await one.MigrateAsync(CancellationToken.None);
        await two.MigrateAsync(CancellationToken.None);
        var saved = await one.Departments.SaveAsync(new Department { Id = Support, Name = "Support" }, CancellationToken.None);

        var onWriter = one.ReadsOnWriter;
        Assert.Equal("Support", (await one.Departments.GetAsync(Support, CancellationToken.None))!.Name);
        Assert.Equal(onWriter + 1, one.ReadsOnWriter);

        await two.Departments.SaveAsync(saved with { Name = "Billing" }, CancellationToken.None);
        var seen = await one.Departments.GetAsync(Support, CancellationToken.None);

        Assert.Equal(onWriter + 2, one.ReadsOnWriter);
        Assert.Equal(2, seen!.Version);
        Assert.Equal("Billing", seen.Name);
    }

    [Fact]
    public async Task A_point_read_while_a_write_holds_the_lock_runs_on_the_pool_and_sees_the_last_commit()
    {
        var database = await _files.CreateAsync();
        await database.Departments.SaveAsync(new Department { Id = Support, Name = "Support" }, CancellationToken.None);
        Department? during = null;
        long onWriterDuring = -1;

        var write = database.WriteAsync<SqliteOmnichannelDatabase, int>(database, (session, db) =>
        {
            // Uncommitted: only the writer's own connection would see it.
            session.Command("UPDATE departments SET version = 2, data = json_set(data, '$.name', 'Uncommitted', '$.version', 2) WHERE id = 'd-1'").ExecuteNonQuery();
            var before = db.ReadsOnWriter;
            during = db.Departments.GetAsync(Support, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            onWriterDuring = db.ReadsOnWriter - before;
            throw new InvalidOperationException("rolled back");
        }, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await write);
        Assert.Equal(0, onWriterDuring);
        Assert.Equal(1, during!.Version);
        Assert.Equal("Support", during.Name);
        var after = await database.Departments.GetAsync(Support, CancellationToken.None);
        Assert.Equal(("Support", 1L), (after!.Name, after.Version));
    }

    [Fact]
    public async Task Text_bound_in_place_reads_back_as_written_through_the_driver()
    {
        var path = _files.NewPath();
        var writer = _files.Open(path);
        await writer.MigrateAsync(CancellationToken.None);
        string[] texts = ["", "École — 東京 😀 \"quoted\" 'single'", new string('x', 5_000) + "é", "short"];
        var (opened, _) = await writer.Conversations.CreateOrGetOpenAsync(FirstMessage("c-1"), CancellationToken.None);
        var messages = texts.Select((text, i) => new Message
        {
            Sequence = 2 + i,
            AuthorKind = i % 2 == 0 ? AuthorKind.Agent : AuthorKind.System,
            AuthorId = i % 2 == 0 ? "a-1" : null,
            Text = text,
            SentAt = Epoch,
        }).ToArray();
        var next = Taken(opened, "a-1 é") with { MessageCount = 1 + messages.Length, Channel = "chat-ü" };
        var stored = await writer.Conversations.SaveAsync(new ConversationWrite(next) { Messages = messages }, CancellationToken.None);

        // Another instance parses the row afresh (nothing remembered), through the driver's reader for the messages.
        var reader = _files.Open(path);
        var read = await reader.Conversations.GetAsync(opened.Id, CancellationToken.None);
        var log = await reader.Conversations.ReadMessagesAsync(opened.Id, 1, 10, CancellationToken.None);

        Assert.Equal(stored, read);
        Assert.Equal("a-1 é", read!.ServingAgentId!.Value.Value);
        Assert.Equal(texts, log.Select(m => m.Text));
        Assert.Equal(messages.Select(m => m.AuthorId), log.Select(m => m.AuthorId));
        // The JSON is stored as TEXT (as the driver stored it), not as a BLOB: SQLite's JSON functions read it as text.
        var types = await reader.ReadAsync(0, static (session, _) =>
            (string?)session.Command("SELECT typeof(data) || ',' || json_extract(data, '$.channel') || ',' || typeof(channel) FROM conversations").ExecuteScalar(), CancellationToken.None);
        Assert.Equal("text,chat-ü,text", types);
    }

    [Fact]
    public async Task A_unique_index_refusing_an_in_place_update_is_still_told_as_the_contact_s_open_conversation()
    {
        var database = await _files.CreateAsync();
        await database.Conversations.CreateOrGetOpenAsync(FirstMessage("c-1", department: "d-1"), CancellationToken.None);
        var (other, _) = await database.Conversations.CreateOrGetOpenAsync(FirstMessage("c-2", department: "d-2"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<ConcurrencyConflictException>(async () =>
            await database.Conversations.SaveAsync(new ConversationWrite(other with { DepartmentId = Support }), CancellationToken.None));

        Assert.Contains("already has open conversation 'c-1'", refused.Message, StringComparison.Ordinal);
        Assert.Equal(Support, (await database.Conversations.GetAsync(new ConversationId("c-1"), CancellationToken.None))!.DepartmentId);
        Assert.Equal(new DepartmentId("d-2"), (await database.Conversations.GetAsync(other.Id, CancellationToken.None))!.DepartmentId);
    }

    public void Dispose() => _files.Dispose();
}
