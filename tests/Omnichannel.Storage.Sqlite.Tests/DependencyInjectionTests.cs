using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage.Sqlite;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.Sqlite.Tests;

public sealed class DependencyInjectionTests : IDisposable
{
    private readonly TemporaryDatabases _files = new();

    [Fact]
    public async Task A_conversation_lives_its_whole_lifecycle_on_SQLite_through_the_conversation_service()
    {
        var path = _files.NewPath();
        var department = new DepartmentId("d-1");
        var agent = new AgentId("a-1");
        var contact = new ContactId("k-1");
        ConversationId id;
        await using (var provider = new ServiceCollection().AddOmnichannel().AddOmnichannelSqlite($"Data Source={path}").BuildServiceProvider())
        {
            await StartupErrorTests.StartHostedServicesAsync(provider);
            var conversations = provider.GetRequiredService<IConversationService>();
            (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = department, Name = "Support" })).GetValueOrThrow();
            (await provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = agent, Username = "ana", Departments = [department], Status = AgentStatus.Available })).GetValueOrThrow();
            await provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = contact, Name = "Carla" }, CancellationToken.None);

            id = (await conversations.ReceiveContactMessageAsync(contact, department, "Hello, I need help.")).GetValueOrThrow().Id;
            (await conversations.TakeAsync(id, agent)).GetValueOrThrow();
            (await conversations.PostAgentMessageAsync(id, agent, "Hi! How can I help?")).GetValueOrThrow();
            var closed = (await conversations.CloseAsync(id, Actor.Agent(agent))).GetValueOrThrow();

            Assert.Equal(ConversationState.Closed, closed.State);
        }

        // The file holds it all: a new database over it reads the closed conversation and its log.
        await using var reopened = _files.Open(path);
        var stored = await reopened.Conversations.GetAsync(id, CancellationToken.None);
        Assert.Equal(ConversationState.Closed, stored!.State);
        Assert.Equal(agent, stored.PreviousAgentId ?? stored.ServingAgentId);
        var log = await reopened.Conversations.ReadMessagesAsync(id, 0, 100, CancellationToken.None);
        Assert.Equal(stored.MessageCount, log.Count);
        Assert.Contains(log, m => m.AuthorKind == AuthorKind.Contact && m.Text == "Hello, I need help.");
        Assert.Contains(log, m => m.AuthorKind == AuthorKind.Agent && m.Text == "Hi! How can I help?");
        Assert.Equal("ana", (await reopened.Agents.GetAsync(agent, CancellationToken.None))!.Username);
    }

    [Fact]
    public async Task Every_store_is_SQLite_whichever_of_the_two_registrations_comes_first()
    {
        var sqliteFirst = new ServiceCollection().AddOmnichannelSqlite($"Data Source={_files.NewPath()}").AddOmnichannel();
        var coreFirst = new ServiceCollection().AddOmnichannel().AddOmnichannelSqlite($"Data Source={_files.NewPath()}");

        foreach (var services in new[] { sqliteFirst, coreFirst })
        {
            await using var provider = services.BuildServiceProvider();
            var database = provider.GetRequiredService<SqliteOmnichannelDatabase>();
            Assert.Same(database.Conversations, provider.GetRequiredService<IConversationStore>());
            Assert.Same(database.Outbox, provider.GetRequiredService<IOutboxStore>());
            Assert.Same(database.Agents, provider.GetRequiredService<IAgentStore>());
            Assert.Same(database.Departments, provider.GetRequiredService<IDepartmentStore>());
            Assert.Same(database.Contacts, provider.GetRequiredService<IContactStore>());
            Assert.Same(database.CannedResponses, provider.GetRequiredService<ICannedResponseStore>());
            Assert.Same(database.Calls, provider.GetRequiredService<ICallStore>());
            Assert.Single(services, d => d.ServiceType == typeof(IConversationStore));
            Assert.IsNotType<InMemoryConversationStore>(provider.GetRequiredService<IConversationStore>());
        }
    }

    [Fact]
    public async Task The_options_callback_configures_the_database()
    {
        var path = _files.NewPath();
        await using var provider = new ServiceCollection().AddOmnichannel()
            .AddOmnichannelSqlite(o =>
            {
                o.ConnectionString = $"Data Source={path}";
                o.MigrateOnStartup = false;
            })
            .BuildServiceProvider();

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => StartupErrorTests.StartHostedServicesAsync(provider));

        Assert.Contains("migration at start-up is off", refused.Message, StringComparison.Ordinal);
        Assert.Equal(path, provider.GetRequiredService<SqliteOmnichannelDatabase>().DataSource);
    }

    public void Dispose() => _files.Dispose();
}
