using Omnichannel.WebHost.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests;

/// <summary>Actions the library refuses: the agent reads the library's own message, and nothing changes.</summary>
[Collection(BrowserScenarios.Name)]
public sealed class RefusalTests(WebHostFixture host)
{
    [Fact]
    public async Task Refused_actions_show_the_librarys_message()
    {
        await using var alice = await host.SignInAsync("alice");
        await using var visitor = await host.StartChatAsync("Rita Refusal", "rita@example.com", "support", "My export fails with error504 since Monday.");
        await alice.OpenAsync("queue", "Rita Refusal");
        await alice.ClickActionAsync("take");
        await Expect(alice.Page.Locator("#state")).ToHaveTextAsync("Taken");
        await Expect(alice.SystemLines.Last).ToContainTextAsync("joined the conversation.");

        // Hold needs the agent to have written last (the lifecycle's guard).
        await alice.ClickActionAsync("hold");
        await Expect(alice.ErrorToast("the agent sent the last message")).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#state")).ToHaveTextAsync("Taken");

        // An unknown canned response: nothing is sent, the text stays for correction.
        await alice.Page.FillAsync("#message", "!nosuch thanks");
        await alice.Page.PressAsync("#message", "Enter");
        await Expect(alice.ErrorToast("No canned response '!nosuch'")).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#message")).ToHaveValueAsync("!nosuch thanks");
        await Expect(alice.Messages).ToHaveCountAsync(1);

        // A regular expression that does not parse, then one that does, with the match highlighted.
        await alice.Page.ClickAsync(".tabs button[data-tab=search]");
        await alice.Page.CheckAsync("#search-regex");
        await alice.Page.FillAsync("#search-query", @"error(\d{3}");
        await Expect(alice.Page.Locator("#search-results")).ToContainTextAsync("is not a valid regular expression");
        await alice.Page.FillAsync("#search-query", @"error\d{3}");
        await Expect(alice.Page.Locator("#search-results mark")).ToHaveTextAsync("error504");
        await Screenshots.SaveAsync(alice.Page, "console-search");

        // Alice may not export PDFs (only agents with the Request PDF Transcript permission may).
        await alice.SendAsync("We are on it.");
        await alice.ClickActionAsync("close");
        await alice.Page.Locator("#close-tags label").Filter(new() { HasText = "bug" }).ClickAsync();
        await alice.Page.ClickAsync("#close-form button[type=submit]");
        await Expect(alice.Page.Locator("#state")).ToHaveTextAsync("Closed");
        await alice.ExportPdfAsync();
        await Expect(alice.ErrorToast("lacks the Request PDF Transcript permission")).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#inbox-count")).ToBeHiddenAsync();
    }
}
