using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Departments;
using Omnichannel.Testing.Conformance;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.PostgreSql.Tests.Conformance;

// Every conformance class of Omnichannel.Testing, run against PostgreSQL: each class has its own migrated database, emptied before each test.

public sealed class PostgreSqlConversationStoreTests(StorageFixture fixture) : ConversationStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<ConversationStorage> CreateStorageAsync()
    {
        var database = await fixture.ResetAsync();
        return new ConversationStorage(database.Conversations, database.Outbox);
    }

    protected override async ValueTask<ConversationStorage?> CreateStorageWithRetentionAsync(NodaTime.IClock clock, NodaTime.Duration outboxRetention)
    {
        await fixture.ResetAsync();
        var database = fixture.OpenAnother(clock: clock, outboxRetention: outboxRetention);
        return new ConversationStorage(database.Conversations, database.Outbox);
    }
}

public sealed class PostgreSqlOutboxStoreTests(StorageFixture fixture) : OutboxStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<ConversationStorage> CreateStorageAsync()
    {
        var database = await fixture.ResetAsync();
        return new ConversationStorage(database.Conversations, database.Outbox);
    }
}

public sealed class PostgreSqlAgentStoreTests(StorageFixture fixture) : AgentStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<IAgentStore> CreateStoreAsync() => (await fixture.ResetAsync()).Agents;
}

public sealed class PostgreSqlDepartmentStoreTests(StorageFixture fixture) : DepartmentStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<IDepartmentStore> CreateStoreAsync() => (await fixture.ResetAsync()).Departments;
}

public sealed class PostgreSqlContactStoreTests(StorageFixture fixture) : ContactStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<IContactStore> CreateStoreAsync() => (await fixture.ResetAsync()).Contacts;
}

public sealed class PostgreSqlCannedResponseStoreTests(StorageFixture fixture) : CannedResponseStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<ICannedResponseStore> CreateStoreAsync() => (await fixture.ResetAsync()).CannedResponses;
}

public sealed class PostgreSqlCallStoreTests(StorageFixture fixture) : CallStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<ICallStore> CreateStoreAsync() => (await fixture.ResetAsync()).Calls;
}

public sealed class PostgreSqlTagStoreTests(StorageFixture fixture) : TagStoreConformanceTests, IClassFixture<StorageFixture>
{
    protected override async ValueTask<Omnichannel.Tags.ITagStore> CreateStoreAsync() => (await fixture.ResetAsync()).Tags;
}
