using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;

using static Omnichannel.Storage.Sqlite.Tests.TestData;
using Omnichannel.Outbox;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.Sqlite.Tests;

public sealed class PersistenceTests : IDisposable
{
    private readonly TemporaryDatabases _files = new();

    [Fact]
    public async Task Everything_written_is_read_back_after_reopening_the_file()
    {
        var path = _files.NewPath();
        var ct = CancellationToken.None;
        var first = _files.Open(path);
        var (created, _) = await first.Conversations.CreateOrGetOpenAsync(FirstMessage("c-1"), ct);
        // Nanoseconds must survive, in the record (JSON) and in the message log (integer column).
        var at = Epoch + Duration.FromNanoseconds(123_456_789_123);
        var reply = new Message
        {
            Sequence = 2,
            AuthorKind = AuthorKind.Agent,
            AuthorId = "a-1",
            Text = "«ünïcødé» ✓ 'quoted' \"double\"\nline",
            SentAt = at,
            Attachments = [new Attachment("a.png", "image/png", 42, "blob://1")],
        };
        var closed = await first.Conversations.SaveAsync(
            new ConversationWrite(
                Taken(created, "a-1") with
                {
                    State = ConversationState.Closed,
                    ClosedAt = at,
                    ClosedBy = Actor.Agent(new AgentId("a-1")),
                    MessageCount = 2,
                    ContactWaitingSince = null,
                    FirstResponseTime = at - Epoch,
                    ResponseTimeTotal = at - Epoch,
                    ResponseCount = 1,
                    Tags = ["billing"],
                },
                Outbox: [new OutboxMessage { Id = "j-1", Kind = "transcript.email", ConversationId = created.Id, Payload = "{}", CreatedAt = at, DueAt = at }])
            {
                Messages = [reply],
            },
            ct);
        var agent = await first.Agents.SaveAsync(new Agent { Id = new AgentId("a-1"), Username = "Ana", Departments = [new DepartmentId("d-1")], ChannelCapacity = ImmutableDictionary<string, int>.Empty.Add("chat", 3), Skills = ImmutableDictionary<string, int>.Empty.Add("es", 2) }, ct);
        var department = await first.Departments.SaveAsync(new Department { Id = new DepartmentId("d-1"), Name = "Support", ClosingTags = ["billing"] }, ct);
        var contact = await first.Contacts.SaveAsync(new Contact { Id = new ContactId("k-1"), Name = "Carla", Emails = ["c@example.com"] }, ct);
        var response = await first.CannedResponses.SaveAsync(new CannedResponse { Id = new CannedResponseId("r-1"), Shortcut = "hi", Text = "Hello!", CreatedAt = Epoch, UpdatedAt = at }, ct);
        var call = await first.Calls.SaveAsync(new ConversationCall { ConversationId = created.Id, CallId = "room", Provider = "jitsi", StartedBy = agent.Id, StartedAt = Epoch, EndedAt = at, JoinUrl = new Uri("https://x.example/r"), ContactJoinUrl = new Uri("https://x.example/r?guest") }, ct);
        await first.DisposeAsync();

        await using var reopened = _files.Open(path);

        Assert.Equivalent(closed, await reopened.Conversations.GetAsync(created.Id, ct), strict: true);
        Assert.Equal(at, (await reopened.Conversations.GetAsync(created.Id, ct))!.ClosedAt);
        var log = await reopened.Conversations.ReadMessagesAsync(created.Id, 0, 10, ct);
        Assert.Equal([1, 2], log.Select(m => m.Sequence));
        Assert.Equivalent(reply, log[1], strict: true);
        Assert.Equal(at, log[1].SentAt);
        var job = Assert.Single(await reopened.Outbox.ListByConversationAsync(created.Id, ct));
        Assert.Equal(("j-1", at, 1L), (job.Id, job.DueAt, job.Version));
        Assert.Equivalent(agent, await reopened.Agents.FindByUsernameAsync("ana", ct), strict: true);
        Assert.Equivalent(department, await reopened.Departments.GetAsync(department.Id, ct), strict: true);
        Assert.Equivalent(contact, await reopened.Contacts.GetAsync(contact.Id, ct), strict: true);
        Assert.Equivalent(response, await reopened.CannedResponses.FindByShortcutAsync("HI", ct), strict: true);
        Assert.Equivalent(call, await reopened.Calls.GetAsync(created.Id, ct), strict: true);
    }

    [Fact]
    public async Task An_instant_outside_the_storable_range_is_refused_and_nothing_is_written()
    {
        var database = await _files.CreateAsync();
        var write = FirstMessage("c-1");
        var tooLate = write with { Messages = [write.Messages![0] with { SentAt = Instant.MaxValue }] };

        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => database.Conversations.CreateOrGetOpenAsync(tooLate, CancellationToken.None).AsTask());

        Assert.Contains("sending time of message 1", refused.Message, StringComparison.Ordinal);
        Assert.Null(await database.Conversations.GetAsync(new ConversationId("c-1"), CancellationToken.None));
    }

    public void Dispose() => _files.Dispose();
}
