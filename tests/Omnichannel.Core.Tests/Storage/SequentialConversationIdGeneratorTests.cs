using Omnichannel.Testing;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>The sequential id generator of Omnichannel.Testing.</summary>
public sealed class SequentialConversationIdGeneratorTests
{
    [Fact]
    public void Issues_c_1_c_2_and_so_on()
    {
        var ids = new SequentialConversationIdGenerator();

        Assert.Equal(["c-1", "c-2", "c-3"], Enumerable.Range(0, 3).Select(_ => ids.NewId().Value));
        Assert.Equal(3, ids.Issued);
    }

    [Fact]
    public void Uses_the_prefix_given()
    {
        var ids = new SequentialConversationIdGenerator("chat-");
        Assert.Equal("chat-1", ids.NewId().Value);
    }

    [Fact]
    public async Task Concurrent_callers_get_distinct_consecutive_ids()
    {
        var ids = new SequentialConversationIdGenerator();

        var issued = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Enumerable.Range(0, 1000).Select(_ => ids.NewId().Value).ToList())));

        var expected = Enumerable.Range(1, 8000).Select(n => $"c-{n}").Order(StringComparer.Ordinal);
        Assert.Equal(expected, issued.SelectMany(x => x).Order(StringComparer.Ordinal));
    }
}
