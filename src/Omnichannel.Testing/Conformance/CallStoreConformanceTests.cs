using NodaTime;
using Omnichannel.Storage;
using Omnichannel.Workspace.Calls;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="ICallStore"/> passes: those of every versioned store (keyed by conversation),
/// plus a new call replacing an ended one. An adapter's test project inherits this class and implements
/// <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class CallStoreConformanceTests : VersionedStoreConformanceTests<ConversationId, ConversationCall>
{
    private static readonly Instant Started = Instant.FromUtc(2025, 3, 3, 9, 0);

    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<ICallStore> CreateStoreAsync();

    /// <summary>Calls of different conversations are independent; a new call of a conversation replaces its ended one.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task A_new_call_replaces_the_ended_one_of_its_conversation_only()
    {
        var store = await CreateStoreAsync();
        var first = await store.SaveAsync(NewCall("c-1", "call-1"), CancellationToken.None);
        var other = await store.SaveAsync(NewCall("c-2", "call-2"), CancellationToken.None);
        var ended = await store.SaveAsync(first with { EndedAt = Started + Duration.FromMinutes(3) }, CancellationToken.None);

        var next = await store.SaveAsync(NewCall("c-1", "call-3") with { Version = ended.Version }, CancellationToken.None);

        Assert.Equal(3, next.Version);
        Assert.True((await store.GetAsync(new ConversationId("c-1"), CancellationToken.None))!.IsActive);
        Equivalence.AssertEquivalent(next, await store.GetAsync(new ConversationId("c-1"), CancellationToken.None));
        Equivalence.AssertEquivalent(other, await store.GetAsync(new ConversationId("c-2"), CancellationToken.None));
    }

    private protected sealed override async ValueTask<IVersionedStore<ConversationId, ConversationCall>> CreateVersionedStoreAsync() => await CreateStoreAsync();

    private protected sealed override ConversationCall NewEntity(string id) => NewCall(id, "call-" + id);

    private protected sealed override ConversationCall Enrich(ConversationCall entity) => entity with
    {
        CallId = "room/ünïcødé ✓?x=1&y='2'",
        Provider = "jitsi",
        Media = CallMedia.Audio,
        StartedBy = new AgentId("a-2"),
        StartedAt = Started + Duration.FromSeconds(7),
        JoinUrl = new Uri("https://meet.example.com/room-42?role=agent&jwt=abc"),
        ContactJoinUrl = new Uri("https://meet.example.com/room-42?role=guest"),
        EndedAt = Started + Duration.FromMinutes(12),
    };

    private protected sealed override IEnumerable<(string Property, ConversationCall Entity)> WithDefaultIdentifiers(ConversationCall entity) => [
        ("ConversationCall.ConversationId", entity with { ConversationId = default }),
        ("ConversationCall.StartedBy", entity with { StartedBy = default }),
    ];

    private protected sealed override ConversationId IdOf(ConversationCall entity) => entity.ConversationId;

    /// <summary>A new active call (version 0).</summary>
    private static ConversationCall NewCall(string conversation, string callId) => new()
    {
        ConversationId = new ConversationId(conversation),
        CallId = callId,
        Provider = "test",
        StartedBy = new AgentId("a-1"),
        StartedAt = Started,
        JoinUrl = new Uri($"https://calls.example.com/{callId}"),
        ContactJoinUrl = new Uri($"https://calls.example.com/{callId}"),
    };
}
