using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NodaTime;
using NodaTime.Testing;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Outbox;
using Omnichannel.Storage;
using Omnichannel.Storage.PostgreSql.Stores;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>The adapter registered with <c>AddOmnichannel().AddOmnichannelPostgreSql(...)</c> serves the library's operations.</summary>
public sealed class DependencyInjectionTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Every_store_is_the_PostgreSQL_one_whichever_order_the_registrations_come_in()
    {
        var connectionString = fixture.ConnectionString;
        await using var after = new ServiceCollection().AddOmnichannel().AddOmnichannelPostgreSql(connectionString).BuildServiceProvider();
        await using var before = new ServiceCollection().AddOmnichannelPostgreSql(connectionString).AddOmnichannel().BuildServiceProvider();

        foreach (var provider in new[] { after, before })
        {
            var database = provider.GetRequiredService<PostgreSqlOmnichannelDatabase>();
            Assert.IsType<PostgreSqlConversationStore>(provider.GetRequiredService<IConversationStore>());
            Assert.Same(provider.GetRequiredService<IConversationStore>(), provider.GetRequiredService<IOutboxStore>());
            Assert.Same(database.Agents, provider.GetRequiredService<IAgentStore>());
            Assert.Same(database.Departments, provider.GetRequiredService<IDepartmentStore>());
            Assert.Same(database.Contacts, provider.GetRequiredService<IContactStore>());
            Assert.Same(database.CannedResponses, provider.GetRequiredService<ICannedResponseStore>());
            Assert.Same(database.Calls, provider.GetRequiredService<ICallStore>());
            Assert.Single(provider.GetServices<IConversationStore>());
        }
    }

    [Fact]
    public async Task A_conversation_is_received_taken_answered_and_closed_through_the_service_on_a_new_database()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        var clock = new FakeClock(Instant.FromUtc(2025, 3, 3, 9, 0));
        await using var provider = new ServiceCollection()
            .AddOmnichannel()
            .AddOmnichannelPostgreSql(connectionString)
            .AddSingleton<IClock>(clock)
            .BuildServiceProvider();
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(None); // migrates the new database, as a host would at start-up
        }

        var support = new DepartmentId("support");
        var alice = new AgentId("alice");
        var bob = new AgentId("bob");
        var carol = new ContactId("carol");
        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = support, Name = "Support", MaxChatsPerAgent = 2, RequireTagsOnClose = true, ClosingTags = ["billing"] })).GetValueOrThrow();
        var agents = provider.GetRequiredService<IAgentService>();
        (await agents.RegisterAsync(new Agent { Id = alice, Username = "alice", Departments = [support], Status = AgentStatus.Available })).GetValueOrThrow();
        (await agents.RegisterAsync(new Agent { Id = bob, Username = "bob", Departments = [support], Status = AgentStatus.Available })).GetValueOrThrow();
        await provider.GetRequiredService<IContactStore>().SaveAsync(new Contacts.Contact { Id = carol, Name = "Carol" }, None);
        var conversations = provider.GetRequiredService<IConversationService>();

        var received = (await conversations.ReceiveContactMessageAsync(carol, support, "Hello, my invoice is wrong.")).GetValueOrThrow();
        clock.AdvanceSeconds(30);
        (await conversations.TakeAsync(received.Id, alice)).GetValueOrThrow();
        var late = await conversations.TakeAsync(received.Id, bob);
        clock.AdvanceSeconds(15);
        (await conversations.PostAgentMessageAsync(received.Id, alice, "Sorry about that, I am fixing it.")).GetValueOrThrow();
        var untagged = await conversations.CloseAsync(received.Id, Actor.Agent(alice));
        (await conversations.CloseAsync(received.Id, Actor.Agent(alice), new CloseRequest { Tags = ["billing"] })).GetValueOrThrow();

        Assert.False(late.Succeeded);
        Assert.False(untagged.Succeeded);
        // Read back through another database object: what the service stored is in the database, not in memory.
        await using var other = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = connectionString });
        var stored = await other.Conversations.GetAsync(received.Id, None);
        // The contact's and the agent's messages, and the system messages of the take and the close.
        Assert.Equal((ConversationState.Closed, alice, 4), (stored!.State, stored.ServingAgentId!.Value, stored.MessageCount));
        Assert.Equal(["billing"], stored.Tags.AsEnumerable());
        Assert.Equal(Duration.FromSeconds(45), stored.FirstResponseTime);
        var messages = await other.Conversations.ReadMessagesAsync(received.Id, 0, 10, None);
        Assert.Equal(["Hello, my invoice is wrong.", "alice joined the conversation.", "Sorry about that, I am fixing it.", "alice closed the conversation."], messages.Select(m => m.Text));
        Assert.Equal("alice", (await other.Agents.FindByUsernameAsync("ALICE", None))?.Id.Value);
        Assert.Equal(0, await other.Conversations.CountServedAsync(alice, null, countOnHold: true, None));
    }
}
