using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.BadInput;

namespace Omnichannel.Storage.PostgreSql.Tests.BadInput;

/// <summary>
/// Core's hostile-input property test (generated nulls, defaults, NUL and other control characters, which PostgreSQL text
/// refuses, lone surrogates, 1 MB strings, SQL metacharacters, unknown ids) thrown at every public operation through the
/// services, on PostgreSQL stores: every call ends in a result or an <see cref="ArgumentException"/>, never a
/// <c>PostgresException</c>; a refusal or a read writes nothing; whatever was accepted reads back. The class's database is
/// emptied before each call and opened afresh, so no remembered read outlives it.
/// </summary>
public sealed class HostilePostgreSqlInputTests(StorageFixture fixture) : IClassFixture<StorageFixture>
{
    private static readonly int CallsPerOperation = int.TryParse(Environment.GetEnvironmentVariable("OMNICHANNEL_HOSTILE_CALLS"), out var calls) && calls > 0 ? calls : 6;

    public static TheoryData<string> Operations => [.. HostileOperations.All.Keys];

    [Theory]
    [MemberData(nameof(Operations))]
    public void Hostile_arguments_are_refused_cleanly_on_PostgreSQL_and_refusals_write_nothing(string operation) =>
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(CallsPerOperation).WithQuietOnSuccess(true),
            Prop.ForAll(Arb.From(HostileOperations.All[operation]), call => HostileCheck.RunAsync(call, stores: StoresAsync).GetAwaiter().GetResult()));

    [Fact]
    public Task An_identifier_with_a_NUL_is_refused_as_a_caller_bug_on_PostgreSQL_as_on_every_store() => NulIdentifierChecks.AssertRefusedAsync(StoresAsync);

    [Fact]
    public Task The_conversation_list_finds_text_ignoring_case_in_every_script_on_PostgreSQL_as_in_memory() => TextSearchChecks.AssertSameOnEveryStoreAsync(StoresAsync);

    [Fact]
    public Task An_identifier_with_an_unpaired_surrogate_is_refused_on_PostgreSQL_and_never_finds_another_entity() => SurrogateIdentifierChecks.AssertRefusedAsync(StoresAsync);

    private async Task<HostileStores> StoresAsync(NodaTime.IClock clock)
    {
        await fixture.ResetAsync();
        var database = new PostgreSqlOmnichannelDatabase(new PostgreSqlStorageOptions { ConnectionString = fixture.ConnectionString }, logger: null, clock);
        return new HostileStores(database.Conversations, database.Outbox, (IConversationListStore)database.Conversations, database.Agents, database.Departments,
            database.Contacts, database.CannedResponses, database.Calls, database);
    }
}
