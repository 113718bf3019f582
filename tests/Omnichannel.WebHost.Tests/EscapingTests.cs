using Omnichannel.WebHost.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests;

/// <summary>What people write is text: markup in a name or a message is shown as typed and never runs.</summary>
[Collection(BrowserScenarios.Name)]
public sealed class EscapingTests(WebHostFixture host)
{
    private const string Attack = "<script>window.__pwned = 1</script><img src=x onerror=\"window.__pwned = 2\"> is my <b>question</b>";

    [Fact]
    public async Task Script_and_img_onerror_in_messages_render_as_text()
    {
        await using var alice = await host.SignInAsync("alice");
        await using var visitor = await host.StartChatAsync("Mallory <i>Tags</i>", "mallory@example.com", "support", Attack);

        // The queue preview and the conversation show the characters as typed.
        await Expect(alice.Item("queue", "Mallory <i>Tags</i>")).ToContainTextAsync("<script>window.__pwned = 1</script>");
        await alice.OpenAsync("queue", "Mallory <i>Tags</i>");
        await Expect(alice.Messages.First.Locator(".message-text")).ToHaveTextAsync(Attack);
        await alice.ClickActionAsync("take");

        // The agent answers with markup too; the visitor sees it as text.
        const string reply = "<img src=x onerror=\"window.__pwned = 3\">Thanks, <script>window.__pwned = 4</script>";
        await alice.SendAsync(reply);
        await Expect(visitor.Messages.Last.Locator(".message-text")).ToHaveTextAsync(reply);
        await Expect(visitor.Messages.First.Locator(".message-text")).ToHaveTextAsync(Attack);

        // Search highlights inside the text without turning it into markup.
        await alice.Page.ClickAsync(".tabs button[data-tab=search]");
        await alice.Page.FillAsync("#search-query", "<script>");
        await Expect(alice.Page.Locator("#search-results mark").First).ToHaveTextAsync("<script>");

        foreach (var page in new[] { alice.Page, visitor.Page })
        {
            Assert.Null(await page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
            Assert.Equal(0, await page.Locator(".messages img, .messages script, .messages b, .conversation-list i, .search-results script").CountAsync());
        }

        // And the pages are served with a policy that would stop inline script anyway.
        var response = await alice.Context.APIRequest.GetAsync("/agent.html");
        Assert.Contains("script-src 'self'", response.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", response.Headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
    }
}
