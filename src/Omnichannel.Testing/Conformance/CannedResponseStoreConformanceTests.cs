using NodaTime;
using Omnichannel.Storage;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// The conformance tests every <see cref="ICannedResponseStore"/> passes: those of every versioned store, plus
/// shortcuts unique across scopes (ignoring letter case, atomically), look-up by shortcut, queries by scope and
/// prefix, and deletes with a version check. An adapter's test project inherits this class and implements
/// <see cref="CreateStoreAsync"/>.
/// </summary>
/// <remarks>
/// xunit creates one instance per test, so instances are not shared between threads; the tests themselves call
/// the store from many threads at once.
/// </remarks>
public abstract class CannedResponseStoreConformanceTests : VersionedStoreConformanceTests<CannedResponseId, CannedResponse>
{
    private static readonly Instant Created = Instant.FromUtc(2025, 3, 3, 9, 0);

    /// <summary>Creates a fresh, empty store for one test.</summary>
    /// <returns>The store.</returns>
    protected abstract ValueTask<ICannedResponseStore> CreateStoreAsync();

    /// <summary>A shortcut is found whatever its letter case; an unknown one, or one that only starts like a known one, finds nothing.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task FindByShortcut_ignores_letter_case_and_needs_the_whole_shortcut()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Response("r-1", "Greeting"), CancellationToken.None);

        Assert.Equal("r-1", (await store.FindByShortcutAsync("greeting", CancellationToken.None))?.Id.Value);
        Assert.Equal("r-1", (await store.FindByShortcutAsync("GREETING", CancellationToken.None))?.Id.Value);
        Assert.Null(await store.FindByShortcutAsync("greet", CancellationToken.None));
        Assert.Null(await store.FindByShortcutAsync("greet%", CancellationToken.None));
    }

    /// <summary>A shortcut another response has, in any scope and any letter case, is refused; the stored responses are unchanged.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Save_refuses_a_shortcut_another_response_has_in_any_scope()
    {
        var store = await CreateStoreAsync();
        var existing = await store.SaveAsync(Response("r-1", "hello", CannedResponseScope.Private, owner: "a-1"), CancellationToken.None);

        var duplicate = await Assert.ThrowsAsync<DuplicateShortcutException>(
            () => store.SaveAsync(Response("r-2", "HELLO", CannedResponseScope.Department, department: "d-1"), CancellationToken.None).AsTask());

        Assert.Equal(existing.Id, duplicate.ExistingId);
        Assert.Null(await store.GetAsync(new CannedResponseId("r-2"), CancellationToken.None));
        Equivalence.AssertEquivalent(existing, await store.FindByShortcutAsync("hello", CancellationToken.None));
    }

    /// <summary>Renaming a shortcut frees the old one for others; a response may keep its own shortcut in another letter case.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Renaming_a_shortcut_frees_the_old_one()
    {
        var store = await CreateStoreAsync();
        var first = await store.SaveAsync(Response("r-1", "bye"), CancellationToken.None);

        var recased = await store.SaveAsync(first with { Shortcut = "Bye" }, CancellationToken.None);
        await store.SaveAsync(recased with { Shortcut = "goodbye" }, CancellationToken.None);
        await store.SaveAsync(Response("r-2", "bye"), CancellationToken.None);

        Assert.Equal("r-2", (await store.FindByShortcutAsync("bye", CancellationToken.None))?.Id.Value);
        Assert.Equal("r-1", (await store.FindByShortcutAsync("goodbye", CancellationToken.None))?.Id.Value);
    }

    /// <summary>Of many concurrent creates with one shortcut (different ids), exactly one is stored.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Concurrent_creates_of_one_shortcut_let_exactly_one_win()
    {
        var store = await CreateStoreAsync();

        var outcomes = await Concurrently.RunAsync(ConcurrentWriters, async i =>
        {
            try
            {
                await store.SaveAsync(Response($"r-{i}", i % 2 == 0 ? "same" : "SAME"), CancellationToken.None);
                return true;
            }
            catch (DuplicateShortcutException)
            {
                return false;
            }
        });

        Assert.Single(outcomes, o => o.Succeeded && o.Value);
        var all = await store.QueryAsync(new CannedResponseQuery { IncludePublic = true }, CancellationToken.None);
        Assert.Single(all);
    }

    /// <summary>A query returns the public responses, the named departments' and the owner's private ones, and nothing else.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_returns_the_included_scopes_only()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Response("r-1", "public"), CancellationToken.None);
        await store.SaveAsync(Response("r-2", "support", CannedResponseScope.Department, department: "d-1"), CancellationToken.None);
        await store.SaveAsync(Response("r-3", "sales", CannedResponseScope.Department, department: "d-2"), CancellationToken.None);
        await store.SaveAsync(Response("r-4", "mine", CannedResponseScope.Private, owner: "a-1"), CancellationToken.None);
        await store.SaveAsync(Response("r-5", "theirs", CannedResponseScope.Private, owner: "a-2"), CancellationToken.None);

        var visible = await store.QueryAsync(new CannedResponseQuery { IncludePublic = true, Departments = [new DepartmentId("d-1")], OwnerId = new AgentId("a-1") }, CancellationToken.None);
        var departmentOnly = await store.QueryAsync(new CannedResponseQuery { Departments = [new DepartmentId("d-2")] }, CancellationToken.None);
        var nothing = await store.QueryAsync(new CannedResponseQuery(), CancellationToken.None);

        Assert.Equal(["mine", "public", "support"], visible.Select(r => r.Shortcut));
        Assert.Equal(["sales"], departmentOnly.Select(r => r.Shortcut));
        Assert.Empty(nothing);
    }

    /// <summary>A shortcut prefix filters ignoring letter case; results are ordered by shortcut ignoring letter case.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_filters_by_shortcut_prefix_and_orders_by_shortcut()
    {
        var store = await CreateStoreAsync();
        foreach (var (id, shortcut) in new[] { ("r-1", "thanks"), ("r-2", "Hello"), ("r-3", "help"), ("r-4", "hello-again"), ("r-5", "bye") })
        {
            await store.SaveAsync(Response(id, shortcut), CancellationToken.None);
        }

        var typed = await store.QueryAsync(new CannedResponseQuery { IncludePublic = true, ShortcutPrefix = "HEL" }, CancellationToken.None);
        var all = await store.QueryAsync(new CannedResponseQuery { IncludePublic = true }, CancellationToken.None);

        Assert.Equal(["Hello", "hello-again", "help"], typed.Select(r => r.Shortcut));
        Assert.Equal(["bye", "Hello", "hello-again", "help", "thanks"], all.Select(r => r.Shortcut));
    }

    /// <summary>A delete at the stored version removes the response and frees its shortcut.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Delete_removes_the_response_and_frees_its_shortcut()
    {
        var store = await CreateStoreAsync();
        var stored = await store.SaveAsync(Response("r-1", "gone"), CancellationToken.None);

        await store.DeleteAsync(stored, CancellationToken.None);

        Assert.Null(await store.GetAsync(stored.Id, CancellationToken.None));
        Assert.Null(await store.FindByShortcutAsync("gone", CancellationToken.None));
        Assert.Equal(1, (await store.SaveAsync(Response("r-2", "gone"), CancellationToken.None)).Version);
    }

    /// <summary>A delete naming an older version, or a response that is not stored, is a conflict; nothing is deleted.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Delete_with_a_stale_version_or_of_a_missing_response_throws_a_conflict()
    {
        var store = await CreateStoreAsync();
        var first = await store.SaveAsync(Response("r-1", "kept"), CancellationToken.None);
        var second = await store.SaveAsync(first with { Text = "Changed" }, CancellationToken.None);

        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.DeleteAsync(first, CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => store.DeleteAsync(Response("r-9", "ghost").WithVersion(1), CancellationToken.None).AsTask());

        Equivalence.AssertEquivalent(second, await store.GetAsync(first.Id, CancellationToken.None));
    }

    /// <summary>A query with a tag returns only the responses carrying it, ignoring letter case.</summary>
    /// <returns>A task that completes when the test ends.</returns>
    [Fact]
    public async Task Query_filters_by_tag_ignoring_case()
    {
        var store = await CreateStoreAsync();
        await store.SaveAsync(Response("r-1", "refund") with { Tags = ["Billing", "refunds"] }, CancellationToken.None);
        await store.SaveAsync(Response("r-2", "hello") with { Tags = ["greeting"] }, CancellationToken.None);
        await store.SaveAsync(Response("r-3", "invoice") with { Tags = ["billing"] }, CancellationToken.None);

        var billing = await store.QueryAsync(new CannedResponseQuery { IncludePublic = true, Tag = "BILLING" }, CancellationToken.None);

        Assert.Equal(["invoice", "refund"], billing.Select(r => r.Shortcut));
    }

    private protected sealed override async ValueTask<IVersionedStore<CannedResponseId, CannedResponse>> CreateVersionedStoreAsync() => await CreateStoreAsync();

    private protected sealed override CannedResponse NewEntity(string id) => Response(id, "s-" + id);

    private protected sealed override CannedResponse Enrich(CannedResponse entity) => entity with
    {
        Shortcut = "Rich_" + entity.Id.Value,
        Text = "Hello {{contact.name}}, I am {{agent.name}}.\nLine two «ünïcødé» ✓ 'quoted' \"double\"",
        Scope = CannedResponseScope.Department,
        DepartmentId = new DepartmentId("d-1"),
        OwnerId = new AgentId("a-1"),
        CreatedBy = new AgentId("a-2"),
        CreatedInConversation = new ConversationId("c-1"),
        Tags = ["billing", "Refunds ✓"],
        CreatedAt = Created + Duration.FromSeconds(1),
        UpdatedAt = Created + Duration.FromMinutes(5),
    };

    private protected sealed override IEnumerable<(string Property, CannedResponse Entity)> WithDefaultIdentifiers(CannedResponse entity) => [
        ("CannedResponse.Id", entity with { Id = default }),
        ("CannedResponse.DepartmentId", entity with { DepartmentId = default(DepartmentId) }),
        ("CannedResponse.OwnerId", entity with { OwnerId = default(AgentId) }),
        ("CannedResponse.CreatedBy", entity with { CreatedBy = default(AgentId) }),
        ("CannedResponse.CreatedInConversation", entity with { CreatedInConversation = default(ConversationId) }),
    ];

    private protected sealed override CannedResponseId IdOf(CannedResponse entity) => entity.Id;

    /// <summary>A new response (version 0).</summary>
    private static CannedResponse Response(string id, string shortcut, CannedResponseScope scope = CannedResponseScope.Public, string? department = null, string? owner = null) => new()
    {
        Id = new CannedResponseId(id),
        Shortcut = shortcut,
        Text = "Thank you for contacting us.",
        Scope = scope,
        DepartmentId = department is null ? null : new DepartmentId(department),
        OwnerId = owner is null ? null : new AgentId(owner),
        CreatedAt = Created,
        UpdatedAt = Created,
    };
}
