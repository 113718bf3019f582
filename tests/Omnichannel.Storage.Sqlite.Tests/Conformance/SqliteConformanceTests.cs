using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Departments;
using Omnichannel.Testing.Conformance;
using Omnichannel.Workspace.Calls;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Storage.Sqlite.Tests.Conformance;

// Every conformance class of the kit, against a fresh SQLite file per test (per run, for the model-based test).

public sealed class SqliteConversationStoreTests : ConversationStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<ConversationStorage> CreateStorageAsync()
    {
        var database = await _files.CreateAsync();
        return new ConversationStorage(database.Conversations, database.Outbox);
    }

    protected override async ValueTask<ConversationStorage?> CreateStorageWithRetentionAsync(NodaTime.IClock clock, NodaTime.Duration outboxRetention)
    {
        var database = await _files.CreateAsync(options => options.OutboxRetention = outboxRetention, clock);
        return new ConversationStorage(database.Conversations, database.Outbox);
    }

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteOutboxStoreTests : OutboxStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<ConversationStorage> CreateStorageAsync()
    {
        var database = await _files.CreateAsync();
        return new ConversationStorage(database.Conversations, database.Outbox);
    }

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteAgentStoreTests : AgentStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<IAgentStore> CreateStoreAsync() => (await _files.CreateAsync()).Agents;

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteDepartmentStoreTests : DepartmentStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<IDepartmentStore> CreateStoreAsync() => (await _files.CreateAsync()).Departments;

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteContactStoreTests : ContactStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<IContactStore> CreateStoreAsync() => (await _files.CreateAsync()).Contacts;

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteCannedResponseStoreTests : CannedResponseStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<ICannedResponseStore> CreateStoreAsync() => (await _files.CreateAsync()).CannedResponses;

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteCallStoreTests : CallStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<ICallStore> CreateStoreAsync() => (await _files.CreateAsync()).Calls;

    public void Dispose() => _files.Dispose();
}

public sealed class SqliteTagStoreTests : TagStoreConformanceTests, IDisposable
{
    private readonly TemporaryDatabases _files = new();

    protected override async ValueTask<Omnichannel.Tags.ITagStore> CreateStoreAsync() => (await _files.CreateAsync()).Tags;

    public void Dispose() => _files.Dispose();
}
