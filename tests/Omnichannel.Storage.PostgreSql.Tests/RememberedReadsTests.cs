using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage.PostgreSql.Stores;

namespace Omnichannel.Storage.PostgreSql.Tests;

/// <summary>
/// An assignment is decided from what the process remembers of the agent, department and conversation (one round trip),
/// and <c>omnichannel_save_conversation</c> checks every version it was decided from: a change made meanwhile by another
/// process is never overwritten nor ignored, and nobody is refused because of what this process remembered.
/// </summary>
public sealed class RememberedReadsTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly DepartmentId Support = new("support");
    private static readonly AgentId Alice = new("alice");

    [Fact]
    public async Task An_assignment_decided_from_an_agent_another_process_made_unavailable_is_refused_not_written()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using var one = await ProcessAsync(connectionString);
        await using var two = await ProcessAsync(connectionString);
        await SeedAsync(one);
        var service = one.GetRequiredService<IConversationService>();
        var first = (await service.ReceiveContactMessageAsync(new ContactId("k-1"), Support, "Hello")).GetValueOrThrow();
        var second = (await service.ReceiveContactMessageAsync(new ContactId("k-2"), Support, "Hello")).GetValueOrThrow();
        (await service.AssignAsync(first.Id, Alice)).GetValueOrThrow(); // process one now remembers Alice as available

        var agents = two.GetRequiredService<IAgentStore>();
        var alice = await agents.GetAsync(Alice, None);
        await agents.SaveAsync(alice! with { Status = AgentStatus.Away }, None);

        var refused = await service.AssignAsync(second.Id, Alice);

        Assert.Equal(OperationErrorCode.AgentNotAvailable, refused.Error?.Code);
        Assert.Null((await two.GetRequiredService<IConversationStore>().GetAsync(second.Id, None))!.ServingAgentId);
    }

    [Fact]
    public async Task A_take_refused_from_what_the_process_remembers_is_confirmed_by_a_fresh_read_first()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using var one = await ProcessAsync(connectionString);
        await using var two = await ProcessAsync(connectionString);
        await SeedAsync(one, AgentStatus.Away);
        var service = one.GetRequiredService<IConversationService>();
        var queued = (await service.ReceiveContactMessageAsync(new ContactId("k-1"), Support, "Hello")).GetValueOrThrow();
        Assert.Equal(OperationErrorCode.AgentNotAvailable, (await service.TakeAsync(queued.Id, Alice)).Error?.Code); // remembers Away

        var agents = two.GetRequiredService<IAgentStore>();
        await agents.SaveAsync((await agents.GetAsync(Alice, None))! with { Status = AgentStatus.Available }, None);
        // Another process takes and returns the conversation: the version process one remembers is stale too.
        var otherService = two.GetRequiredService<IConversationService>();
        (await otherService.TakeAsync(queued.Id, Alice)).GetValueOrThrow();
        (await otherService.ReturnToQueueAsync(queued.Id, Actor.Agent(Alice))).GetValueOrThrow();

        var taken = (await service.TakeAsync(queued.Id, Alice)).GetValueOrThrow();

        Assert.Equal(Alice, taken.ServingAgentId);
        Assert.Equal(4, taken.Version);
    }

    [Fact]
    public async Task A_department_limit_lowered_by_another_process_holds_for_the_next_assignment()
    {
        var connectionString = await fixture.CreateDatabaseAsync();
        await using var one = await ProcessAsync(connectionString);
        await using var two = await ProcessAsync(connectionString);
        await SeedAsync(one);
        var service = one.GetRequiredService<IConversationService>();
        var first = (await service.ReceiveContactMessageAsync(new ContactId("k-1"), Support, "Hello")).GetValueOrThrow();
        var second = (await service.ReceiveContactMessageAsync(new ContactId("k-2"), Support, "Hello")).GetValueOrThrow();
        (await service.AssignAsync(first.Id, Alice)).GetValueOrThrow(); // remembers the department without a limit

        var departments = two.GetRequiredService<IDepartmentStore>();
        await departments.SaveAsync((await departments.GetAsync(Support, None))! with { MaxChatsPerAgent = 1 }, None);

        var refused = await service.AssignAsync(second.Id, Alice);

        Assert.Equal(OperationErrorCode.AtCapacity, refused.Error?.Code);
    }

    private static async Task<ServiceProvider> ProcessAsync(string connectionString)
    {
        var provider = new ServiceCollection().AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true).AddOmnichannelPostgreSql(connectionString).BuildServiceProvider();
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(None);
        }

        Assert.IsType<PostgreSqlConversationStore>(provider.GetRequiredService<IConversationStore>());
        return provider;
    }

    private static async Task SeedAsync(IServiceProvider provider, AgentStatus status = AgentStatus.Available)
    {
        (await provider.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = Support, Name = "Support" })).GetValueOrThrow();
        (await provider.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = Alice, Username = "alice", Departments = [Support], Status = status })).GetValueOrThrow();
        foreach (var contact in new[] { "k-1", "k-2" })
        {
            await provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId(contact), Name = contact }, None);
        }
    }
}
