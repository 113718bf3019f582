using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Xunit.Abstractions;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>
/// The statements each step of a manual lifecycle runs on SQLite once the process has seen the agent and the department
/// (the steady state of a running workspace): what is decided from remembered reads costs no statement, because the
/// version-checked write refuses anything decided from a stale one.
/// </summary>
public sealed class LifecycleStatementCountTests(ITestOutputHelper output) : IDisposable
{
    private static readonly DepartmentId Support = new("support");
    private static readonly AgentId Alice = new("alice");
    private readonly TemporaryDatabases _files = new();

    [Fact]
    public async Task A_lifecycle_runs_only_the_statements_its_writes_and_unremembered_reads_need()
    {
        await using var provider = new ServiceCollection()
            .AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true)
            .AddOmnichannelSqlite($"Data Source={_files.NewPath()}")
            .BuildServiceProvider();
        foreach (var hosted in provider.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }

        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        (await provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = Alice, Username = "alice", Departments = [Support], Status = AgentStatus.Available })).GetValueOrThrow();
        foreach (var contact in new[] { "k-1", "k-2" })
        {
            await provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId(contact), Name = contact }, CancellationToken.None);
        }

        var database = provider.GetRequiredService<SqliteOmnichannelDatabase>();
        var service = provider.GetRequiredService<IConversationService>();
        await LifecycleAsync(service, database, new ContactId("k-1")); // warms what the process remembers
        var counts = await LifecycleAsync(service, database, new ContactId("k-2"));

        output.WriteLine($"statements: receive {counts.Receive}, take {counts.Take}, agent message {counts.Message}, close {counts.Close}");
        // receive: the contact and the department (a new conversation's write checks no version of them), then BEGIN,
        // INSERT of the conversation, INSERT of its first message, COMMIT. Before the take read through GetForChangeAsync:
        // receive 6, take 7, agent message 6, close 9.
        Assert.Equal(6, counts.Receive);
        // take: BEGIN, UPDATE (versions of conversation, agent and department checked in it), the claim's count, INSERT of
        // the system message "... joined the conversation" (session 5: the lifecycle writes its system messages), COMMIT.
        Assert.Equal(5, counts.Take);
        // agent message: BEGIN, UPDATE (conversation and agent versions), INSERT of the message, COMMIT.
        Assert.Equal(4, counts.Message);
        // close: BEGIN, UPDATE (conversation, agent and department versions), INSERT of the system message "... closed the
        // conversation" (session 5), outbox retention restart, COMMIT.
        Assert.Equal(5, counts.Close);
    }

    private static async Task<(long Receive, long Take, long Message, long Close)> LifecycleAsync(IConversationService service, SqliteOmnichannelDatabase database, ContactId contact)
    {
        var before = database.StatementsRun;
        var opened = (await service.ReceiveContactMessageAsync(contact, Support, "Hello, my invoice is wrong.")).GetValueOrThrow();
        var received = database.StatementsRun;
        (await service.TakeAsync(opened.Id, Alice)).GetValueOrThrow();
        var taken = database.StatementsRun;
        (await service.PostAgentMessageAsync(opened.Id, Alice, "Let me check that for you.")).GetValueOrThrow();
        var answered = database.StatementsRun;
        (await service.CloseAsync(opened.Id, Actor.Agent(Alice))).GetValueOrThrow();
        var closed = database.StatementsRun;
        return (received - before, taken - received, answered - taken, closed - answered);
    }

    public void Dispose() => _files.Dispose();
}
