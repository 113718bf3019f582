using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage.Sqlite;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>IDepartmentService.DeleteAsync on SQLite: refused while a conversation is open, then the department, its memberships and the references to it go.</summary>
public sealed class DepartmentDeletionTests : IDisposable
{
    private readonly TemporaryDatabases _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task Department_is_deleted_through_the_service_once_its_conversations_are_closed()
    {
        var connectionString = $"Data Source={_files.NewPath()}";
        await using var provider = new ServiceCollection().AddOmnichannel().AddOmnichannelSqlite(connectionString).BuildServiceProvider();
        foreach (var service in provider.GetServices<IHostedService>())
        {
            await service.StartAsync(CancellationToken.None);
        }

        var departments = provider.GetRequiredService<IDepartmentService>();
        var conversations = provider.GetRequiredService<IConversationService>();
        var agents = provider.GetRequiredService<IAgentService>();
        DepartmentId sales = new("sales"), support = new("support");
        AgentId sam = new("sam");
        ContactId dave = new("dave");
        (await departments.SaveAsync(new Department { Id = sales, Name = "Sales" })).GetValueOrThrow();
        (await departments.SaveAsync(new Department { Id = support, Name = "Support", FallbackDepartmentId = sales, ForwardTargets = [sales] })).GetValueOrThrow();
        (await agents.RegisterAsync(new Agent { Id = sam, Username = "sam", Departments = [sales, support], Status = AgentStatus.Available })).GetValueOrThrow();
        await provider.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = dave, Name = "Dave" }, CancellationToken.None);
        var open = (await conversations.ReceiveContactMessageAsync(dave, sales, "Hello")).GetValueOrThrow();

        var onlyTarget = await departments.DeleteAsync(sales);
        Assert.Equal(OperationErrorCode.DepartmentInUse, onlyTarget.Error?.Code);
        (await departments.SaveAsync((await departments.GetAsync(support))! with { ForwardTargets = [] })).GetValueOrThrow();
        var busy = await departments.DeleteAsync(sales);
        Assert.Equal(OperationErrorCode.DepartmentInUse, busy.Error?.Code);
        Assert.Contains($"'{open.Id}' (Queued)", busy.Error?.Message, StringComparison.Ordinal);
        Assert.True((await departments.GetAsync(sales))!.Enabled);

        (await conversations.CloseAsync(open.Id, Actor.System)).GetValueOrThrow();
        (await departments.DeleteAsync(sales)).GetValueOrThrow();

        Assert.Null(await departments.GetAsync(sales));
        Assert.Equal([support], (await agents.GetAsync(sam))!.Departments);
        Assert.Null((await departments.GetAsync(support))!.FallbackDepartmentId);
        Assert.Equal(sales, (await conversations.GetAsync(open.Id))!.DepartmentId);
    }
}
