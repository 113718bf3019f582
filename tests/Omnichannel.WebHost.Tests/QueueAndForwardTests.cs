using Omnichannel.WebHost.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests;

/// <summary>Move to the queue, resume by hand, and forward to another department, with three agents watching.</summary>
[Collection(BrowserScenarios.Name)]
public sealed class QueueAndForwardTests(WebHostFixture host)
{
    [Fact]
    public async Task Move_to_queue_resume_and_forward_to_a_department()
    {
        await using var alice = await host.SignInAsync("alice");
        await using var bob = await host.SignInAsync("bob");
        await using var carol = await host.SignInAsync("carol");
        await using var visitor = await host.StartChatAsync("Quinn Queue", "quinn@example.com", "support", "I need a copy of my invoice for March.");

        // Alice takes it, answers, and moves it back to the queue: Bob sees it queued again.
        await alice.OpenAsync("queue", "Quinn Queue");
        await alice.ClickActionAsync("take");
        await alice.SendAsync("One moment, I will find a colleague for this.");
        await alice.ClickActionAsync("return");
        await Expect(alice.Page.Locator(".toast.success")).ToContainTextAsync("back in the queue");
        await Expect(bob.Item("queue", "Quinn Queue")).ToHaveCountAsync(1);
        await Expect(visitor.Page.Locator("#queue-status")).ToBeVisibleAsync();

        // Bob takes it, answers, places it on hold and resumes it himself.
        await bob.OpenAsync("queue", "Quinn Queue");
        await bob.ClickActionAsync("take");
        await bob.SendAsync("Invoices are with Billing; let me check something first.");
        await bob.ClickActionAsync("hold");
        await Expect(bob.Page.Locator("#state")).ToHaveTextAsync("On hold");
        await bob.ClickActionAsync("resume");
        await Expect(bob.Page.Locator("#state")).ToHaveTextAsync("Taken");

        // Bob forwards it to Billing with a comment: it leaves Support and waits in Billing's queue, where Carol sees the comment.
        await bob.ClickActionAsync("forward");
        await bob.Page.Locator("input[name=forward-kind][value=department]").CheckAsync();
        await bob.Page.SelectOptionAsync("#forward-department", "billing");
        await bob.Page.FillAsync("#forward-comment", "Needs the March invoice re-sent.");
        await bob.Page.ClickAsync("#forward-form button[type=submit]");
        await Expect(bob.Page.Locator(".toast.success")).ToContainTextAsync("forwarded to department 'billing'");
        await Expect(bob.Item("in-progress", "Quinn Queue")).ToHaveCountAsync(0);
        // Out of Bob's departments and no longer his: he served it, so he may still read it (the access rules), but it left his list.
        await Expect(carol.Item("queue", "Quinn Queue")).ToHaveCountAsync(1);
        await carol.OpenAsync("queue", "Quinn Queue");
        await Expect(carol.Page.Locator("#department-name")).ToHaveTextAsync("Billing");
        await Expect(carol.Page.Locator("#transfers")).ToContainTextAsync("Bob Durand → Billing");
        await Expect(carol.Page.Locator("#transfers")).ToContainTextAsync("Needs the March invoice re-sent.");
        await Expect(visitor.Page.Locator("#widget-subtitle")).ToContainTextAsync("Billing");

        // Billing's refund response is Carol's to use, not Support's.
        await carol.ClickActionAsync("take");
        await Expect(carol.Page.Locator("#message")).ToBeEditableAsync();
        await carol.Page.Locator("#message").PressSequentiallyAsync("!re");
        await Expect(carol.Page.Locator("#canned .canned-item").First).ToContainTextAsync("!refund");
        await carol.Page.PressAsync("#message", "Enter");
        await carol.Page.PressAsync("#message", "Enter");
        await Expect(visitor.Messages.Last).ToContainTextAsync("the confirmation goes to quinn@example.com");
    }

    [Fact]
    public async Task Oversized_requests_are_refused()
    {
        await using var visitor = await host.StartChatAsync("Otto Oversized", "otto@example.com", "support", "Hello.");
        var token = await visitor.TokenAsync();

        // A server may close the connection under a client still sending an oversized body, so this client
        // asks first (Expect: 100-continue), as large uploads should, and must get the 413 either way.
        using var http = new HttpClient { BaseAddress = host.BaseAddress };
        using var huge = await SendAsync(http, token, "/api/visitor/messages",
            new StringContent($"{{\"text\":\"{new string('x', 300_000)}\"}}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        using var form = new MultipartFormDataContent { { new ByteArrayContent(new byte[6 * 1024 * 1024]), "file", "big.bin" } };
        using var file = await SendAsync(http, token, "/api/visitor/attachments", form);
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, file.StatusCode);
        Assert.Contains("FileTooLarge", await file.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Expect(visitor.Messages).ToHaveCountAsync(1);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, string token, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("X-Visitor-Token", token);
        request.Headers.ExpectContinue = true;
        return await http.SendAsync(request);
    }
}
