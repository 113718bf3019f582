using Omnichannel.Calls;
using Omnichannel.CannedResponses;
using Omnichannel.Testing.Conformance;
using Omnichannel.Tests.PostgreSql;

namespace Omnichannel.Storage.PostgreSql.Tests.Conformance;

// Every conformance class of Omnichannel.Testing, run against PostgreSQL: each test gets its own migrated database.

public sealed class PostgreSqlConversationStoreTests(PostgresFixture fixture) : ConversationStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly TestDatabases _databases = new(fixture);

    protected override async ValueTask<ConversationStorage> CreateStorageAsync()
    {
        var database = await _databases.CreateAsync();
        return new ConversationStorage(database.Conversations, database.Outbox);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DropAllAsync();
}

public sealed class PostgreSqlOutboxStoreTests(PostgresFixture fixture) : OutboxStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly TestDatabases _databases = new(fixture);

    protected override async ValueTask<ConversationStorage> CreateStorageAsync()
    {
        var database = await _databases.CreateAsync();
        return new ConversationStorage(database.Conversations, database.Outbox);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DropAllAsync();
}

public sealed class PostgreSqlAgentStoreTests(PostgresFixture fixture) : AgentStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly TestDatabases _databases = new(fixture);

    protected override async ValueTask<IAgentStore> CreateStoreAsync() => (await _databases.CreateAsync()).Agents;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DropAllAsync();
}

public sealed class PostgreSqlDepartmentStoreTests(PostgresFixture fixture) : DepartmentStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly TestDatabases _databases = new(fixture);

    protected override async ValueTask<IDepartmentStore> CreateStoreAsync() => (await _databases.CreateAsync()).Departments;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DropAllAsync();
}

public sealed class PostgreSqlContactStoreTests(PostgresFixture fixture) : ContactStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly TestDatabases _databases = new(fixture);

    protected override async ValueTask<IContactStore> CreateStoreAsync() => (await _databases.CreateAsync()).Contacts;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DropAllAsync();
}

public sealed class PostgreSqlCannedResponseStoreTests(PostgresFixture fixture) : CannedResponseStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly TestDatabases _databases = new(fixture);

    protected override async ValueTask<ICannedResponseStore> CreateStoreAsync() => (await _databases.CreateAsync()).CannedResponses;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DropAllAsync();
}

public sealed class PostgreSqlCallStoreTests(PostgresFixture fixture) : CallStoreConformanceTests, IClassFixture<PostgresFixture>, IAsyncLifetime
{
    private readonly TestDatabases _databases = new(fixture);

    protected override async ValueTask<ICallStore> CreateStoreAsync() => (await _databases.CreateAsync()).Calls;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _databases.DropAllAsync();
}
