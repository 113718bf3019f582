using System.Text.Json;
using Microsoft.Playwright;
using Omnichannel.WebHost.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests;

/// <summary>
/// Department isolation and visitor isolation, tried the way an attacker would: editing the address, calling the API
/// with the browser's own cookies, forging or swapping tokens.
/// </summary>
[Collection(BrowserScenarios.Name)]
public sealed class IsolationTests(WebHostFixture host)
{
    private const string Secret = "my account number is 99-12345";

    [Fact]
    public async Task An_agent_cannot_read_or_act_on_another_departments_conversation()
    {
        await using var visitor = await host.StartChatAsync("Ivy Isolated", "ivy@example.com", "support", $"Hello, {Secret}.");
        var conversationId = await ConversationIdAsync(visitor);
        await using var alice = await host.SignInAsync("alice");   // Customer Support: she takes it
        await alice.OpenAsync("queue", "Ivy Isolated");
        await alice.ClickActionAsync("take");
        await Expect(alice.Page.Locator("#state")).ToHaveTextAsync("Taken");
        await using var carol = await host.SignInAsync("carol");   // Billing only

        // Not in her lists, and opening it by editing the address shows the library's refusal, not the conversation.
        await Expect(carol.Page.Locator(".sidebar")).Not.ToContainTextAsync("Ivy Isolated");
        await carol.Page.GotoAsync($"/agent.html#/c/{conversationId}");
        await Expect(carol.Page.Locator("#refused")).ToContainTextAsync("does not belong to department 'support'");
        await Expect(carol.Page.Locator("#conversation")).ToBeHiddenAsync();
        Assert.DoesNotContain(Secret, await carol.Page.ContentAsync(), StringComparison.Ordinal);
        await Screenshots.SaveAsync(carol.Page, "console-isolation");

        // The API, called with Carol's own cookies: every read and every action is refused, and nothing leaks.
        var api = carol.Context.APIRequest;
        foreach (var path in new[] { "", "/messages", "/search?q=account", "/attachments", "/contact", "/history", "/history/search?q=account" })
        {
            var response = await api.GetAsync($"/api/conversations/{conversationId}{path}");
            Assert.Equal(403, response.Status);
            Assert.DoesNotContain("12345", await response.TextAsync(), StringComparison.Ordinal);
        }

        var csrf = await CsrfTokenAsync(api);
        foreach (var action in new[] { "take", "hold", "resume", "return" })
        {
            var response = await api.PostAsync($"/api/conversations/{conversationId}/{action}", new() { Headers = Csrf(csrf), DataObject = new { } });
            Assert.Equal(403, response.Status);
        }

        var post = await api.PostAsync($"/api/conversations/{conversationId}/messages", new() { Headers = Csrf(csrf), DataObject = new { text = "Carol was here" } });
        Assert.Equal(403, post.Status);
        var close = await api.PostAsync($"/api/conversations/{conversationId}/close", new() { Headers = Csrf(csrf), DataObject = new { tags = new[] { "billing" } } });
        Assert.Equal(403, close.Status);
        var files = await api.GetAsync($"/api/conversations/{conversationId}/files/file-00000000000000000000000000000000");
        Assert.Equal(403, files.Status);

        // Without the anti-forgery token a state-changing request is refused before it reaches the library.
        var forged = await api.PostAsync($"/api/conversations/{conversationId}/take", new() { DataObject = new { } });
        Assert.Equal(400, forged.Status);

        // The conversation is untouched: still Alice's, the contact's message and the system message of Alice's take.
        var view = JsonDocument.Parse(await (await visitor.Context.APIRequest.GetAsync("/api/visitor/conversation", new() { Headers = Visitor(await visitor.TokenAsync()) })).TextAsync());
        Assert.Equal("Taken", view.RootElement.GetProperty("state").GetString());
        Assert.Equal("Alice Martin", view.RootElement.GetProperty("agentName").GetString());
        Assert.Equal(2, view.RootElement.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task A_visitor_cannot_read_another_visitors_conversation()
    {
        await using var first = await host.StartChatAsync("Vera First", "vera@example.com", "support", $"Private: {Secret}.");
        await using var second = await host.StartChatAsync("Sam Second", "sam@example.com", "support", "Hello from Sam.");
        var firstToken = await first.TokenAsync();
        var secondToken = await second.TokenAsync();
        var firstId = await ConversationIdAsync(first);

        // The second visitor's token reads the second conversation only, whatever else the request names.
        var api = second.Context.APIRequest;
        var own = await api.GetAsync($"/api/visitor/conversation?conversationId={firstId}", new() { Headers = Visitor(secondToken) });
        var text = await own.TextAsync();
        Assert.Equal(200, own.Status);
        Assert.DoesNotContain("12345", text, StringComparison.Ordinal);
        Assert.Contains("Hello from Sam.", text, StringComparison.Ordinal);

        // A token changed by one character, or none, is refused; agents' endpoints need an agent's sign-in.
        var tampered = firstToken[..^2] + (firstToken[^2] == 'A' ? 'B' : 'A') + firstToken[^1];
        Assert.Equal(401, (await api.GetAsync("/api/visitor/conversation", new() { Headers = Visitor(tampered) })).Status);
        Assert.Equal(401, (await api.GetAsync("/api/visitor/conversation")).Status);
        Assert.Equal(401, (await api.GetAsync($"/api/conversations/{firstId}/messages")).Status);

        // The hub refuses to join a conversation's group with a forged token.
        var joined = await second.Page.EvaluateAsync<string>(
            "async token => { const hub = new signalR.HubConnectionBuilder().withUrl('/hubs/console').build(); await hub.start(); try { await hub.invoke('FollowVisitorConversation', token); return 'joined'; } catch (e) { return e.message; } finally { await hub.stop(); } }",
            tampered);
        Assert.Contains("not valid", joined, StringComparison.Ordinal);

        // What the second visitor writes goes to their own conversation, never to the first.
        await second.SendAsync("Can I see Vera's chat?");
        await Expect(first.Messages).ToHaveCountAsync(1);
        await Expect(second.Messages).ToHaveCountAsync(2);
    }

    private static async Task<string> ConversationIdAsync(VisitorWidget visitor)
    {
        var response = await visitor.Context.APIRequest.GetAsync("/api/visitor/conversation", new() { Headers = Visitor(await visitor.TokenAsync()) });
        return JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("conversationId").GetString()!;
    }

    private static async Task<string> CsrfTokenAsync(IAPIRequestContext api) =>
        JsonDocument.Parse(await (await api.GetAsync("/api/antiforgery")).TextAsync()).RootElement.GetProperty("token").GetString()!;

    private static Dictionary<string, string> Csrf(string token) => new() { ["X-CSRF-TOKEN"] = token };

    private static Dictionary<string, string> Visitor(string token) => new() { ["X-Visitor-Token"] = token };
}
