using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Tests.Support;

namespace Omnichannel.Routing.Tests.Algorithms;

/// <summary>External routing: the host's port decides within the timeout; otherwise the fallback algorithm does.</summary>
public class ExternalRoutingTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    private sealed class ScriptedRouter(Func<IReadOnlyList<AgentId>, CancellationToken, ValueTask<AgentId?>> answer) : IExternalRouter
    {
        public List<IReadOnlyList<AgentId>> Asked { get; } = [];

        public ValueTask<AgentId?> SelectAgentAsync(RoutingRequest request, IReadOnlyList<AgentId> eligibleAgents, CancellationToken cancellationToken)
        {
            lock (Asked)
            {
                Asked.Add(eligibleAgents);
            }

            return answer(eligibleAgents, cancellationToken);
        }
    }

    /// <summary>Agents a, b, c (ids sorted), z Away; the fallback (least busy) picks a.</summary>
    private static async Task<(ConversationId Conversation, AgentId? Serving)> RouteOneAsync(ScriptedRouter router)
    {
        await using var h = RoutingHarness.Create(r => r.UseExternal(Timeout, RoutingAlgorithms.LeastBusy),
            services: s => s.AddSingleton<IExternalRouter>(router));
        await h.DepartmentAsync("d");
        await h.AgentAsync("c", "d");
        await h.AgentAsync("a", "d");
        await h.AgentAsync("b", "d");
        await h.AgentAsync("z", "d", status: Agents.AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");
        return (conversation, await h.ServingAsync(conversation));
    }

    [Fact]
    public async Task The_external_answer_within_the_timeout_is_assigned()
    {
        var router = new ScriptedRouter((_, _) => ValueTask.FromResult<AgentId?>(new AgentId("c")));
        var (_, serving) = await RouteOneAsync(router);
        Assert.Equal(new AgentId("c"), serving);
        var asked = Assert.Single(router.Asked);
        Assert.Equal<AgentId>([new("a"), new("b"), new("c")], asked); // eligible only, ordered by id
    }

    [Fact]
    public async Task A_slow_answer_within_the_timeout_is_still_assigned()
    {
        var router = new ScriptedRouter(async (_, ct) =>
        {
            await Task.Delay(20, ct);
            return new AgentId("b");
        });
        Assert.Equal(new AgentId("b"), (await RouteOneAsync(router)).Serving);
    }

    [Fact]
    public async Task A_timeout_lets_the_fallback_decide()
    {
        var router = new ScriptedRouter(async (_, ct) =>
        {
            await Task.Delay(System.Threading.Timeout.Infinite, ct);
            return new AgentId("c");
        });
        Assert.Equal(new AgentId("a"), (await RouteOneAsync(router)).Serving);
    }

    [Fact]
    public async Task An_exception_lets_the_fallback_decide()
    {
        var router = new ScriptedRouter((_, _) => throw new InvalidOperationException("the host's service is down"));
        Assert.Equal(new AgentId("a"), (await RouteOneAsync(router)).Serving);
    }

    [Fact]
    public async Task A_null_answer_lets_the_fallback_decide()
    {
        var router = new ScriptedRouter((_, _) => ValueTask.FromResult<AgentId?>(null));
        Assert.Equal(new AgentId("a"), (await RouteOneAsync(router)).Serving);
    }

    [Theory]
    [InlineData("z")] // a member, but Away
    [InlineData("nobody")] // not an agent at all
    public async Task An_answer_that_is_not_eligible_lets_the_fallback_decide(string answer)
    {
        var router = new ScriptedRouter((_, _) => ValueTask.FromResult<AgentId?>(new AgentId(answer)));
        Assert.Equal(new AgentId("a"), (await RouteOneAsync(router)).Serving);
    }

    [Fact]
    public async Task The_external_router_is_not_asked_when_nobody_is_eligible()
    {
        var router = new ScriptedRouter((ids, _) => ValueTask.FromResult<AgentId?>(ids[0]));
        await using var h = RoutingHarness.Create(r => r.UseExternal(Timeout), services: s => s.AddSingleton<IExternalRouter>(router));
        await h.DepartmentAsync("d");
        await h.AgentAsync("a", "d", status: Agents.AgentStatus.Away);
        var conversation = await h.ArriveAsync("k", "d");
        Assert.Equal(ConversationState.Queued, await h.StateAsync(conversation));
        Assert.Empty(router.Asked);
        await h.SetStatusAsync(new AgentId("a"), Agents.AgentStatus.Available);
        Assert.Equal(new AgentId("a"), await h.ServingAsync(conversation));
    }

    [Fact]
    public void A_non_positive_timeout_is_refused()
    {
        var router = new ScriptedRouter((_, _) => ValueTask.FromResult<AgentId?>(null));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExternalRoutingAlgorithm(router, TimeSpan.Zero, RoutingAlgorithms.LeastBusy,
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ExternalRoutingAlgorithm>.Instance));
    }
}
