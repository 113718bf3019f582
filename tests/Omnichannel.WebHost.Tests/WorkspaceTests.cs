using Omnichannel.WebHost.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests;

/// <summary>Room information, contact information, files and the contact's history, between a visitor and an agent.</summary>
[Collection(BrowserScenarios.Name)]
public sealed class WorkspaceTests(WebHostFixture host)
{
    [Fact]
    public async Task Room_contact_files_and_history()
    {
        await using var alice = await host.SignInAsync("alice");
        await using var visitor = await host.StartChatAsync("Wanda Workspace", "wanda@example.com", "support", "The export button gives an error.");
        await alice.OpenAsync("queue", "Wanda Workspace");
        await alice.ClickActionAsync("take");
        await Expect(alice.Page.Locator("#state")).ToHaveTextAsync("Taken");

        // The visitor attaches a screenshot; Alice sees it, finds it among the files by kind, and downloads it.
        var png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        await visitor.Page.SetInputFilesAsync("#visitor-attach", new Microsoft.Playwright.FilePayload { Name = "export-error.png", MimeType = "image/png", Buffer = png });
        await Expect(alice.Messages.Last).ToContainTextAsync("export-error.png");
        await alice.Page.ClickAsync(".tabs button[data-tab=files]");
        await Expect(alice.Page.Locator("#files")).ToContainTextAsync("export-error.png");
        await alice.Page.SelectOptionAsync("#files-kind", "Document");
        await Expect(alice.Page.Locator("#files")).ToContainTextAsync("No files.");
        await alice.Page.SelectOptionAsync("#files-kind", "Image");
        await Expect(alice.Page.Locator("#files")).ToContainTextAsync("Image");
        var download = await alice.Page.RunAndWaitForDownloadAsync(() => alice.Page.Locator("#files a.attachment").ClickAsync());
        Assert.Equal(png, await File.ReadAllBytesAsync(await download.PathAsync()));

        // Room information: Alice edits topic and priority.
        await alice.Page.ClickAsync(".tabs button[data-tab=room]");
        await alice.Page.ClickAsync("#room-edit");
        await alice.Page.FillAsync("#room-topic", "Export errors");
        await alice.Page.SelectOptionAsync("#room-priority", "High");
        await alice.Page.ClickAsync("#room-form button[type=submit]");
        await Expect(alice.Page.Locator("#room")).ToContainTextAsync("Export errors");
        await Expect(alice.Page.Locator("#room")).ToContainTextAsync("High");

        // Contact information: an address the library refuses, then a phone number it accepts.
        await alice.Page.ClickAsync(".tabs button[data-tab=contact]");
        await Expect(alice.Page.Locator("#contact")).ToContainTextAsync("wanda@example.com");
        await alice.Page.ClickAsync("#contact-edit");
        await alice.Page.FillAsync("#contact-emails", "not-an-address");
        await alice.Page.ClickAsync("#contact-form button[type=submit]");
        await Expect(alice.ErrorToast("not-an-address")).ToHaveCountAsync(1);
        await alice.Page.FillAsync("#contact-emails", "wanda@example.com");
        await alice.Page.FillAsync("#contact-phones", "+1 555 010 2030");
        await alice.Page.ClickAsync("#contact-form button[type=submit]");
        await Expect(alice.Page.Locator("#contact")).ToContainTextAsync("+1 555 010 2030");

        // Closed; the visitor comes back with a new chat and is the same contact: Alice sees the history.
        await alice.SendAsync("Fixed in today's release: please reload the page.");
        await alice.ClickActionAsync("close");
        await alice.Page.Locator("#close-tags label").Filter(new() { HasText = "bug" }).ClickAsync();
        await alice.Page.ClickAsync("#close-form button[type=submit]");
        await Expect(visitor.Page.Locator("#closed-note")).ToBeVisibleAsync();
        await visitor.Page.ClickAsync("#new-chat");
        await Expect(visitor.Page.Locator("#start-name")).ToHaveValueAsync("Wanda Workspace");
        await visitor.Page.FillAsync("#start-text", "Hello again, one more question about exports.");
        await visitor.Page.ClickAsync("#start button[type=submit]");
        await Expect(visitor.Page.Locator("#queue-status")).ToBeVisibleAsync();

        await alice.Item("queue", "Wanda Workspace").ClickAsync();
        await Expect(alice.Messages.Last).ToContainTextAsync("one more question");
        await alice.Page.ClickAsync(".tabs button[data-tab=history]");
        await Expect(alice.Page.Locator("#history")).ToContainTextAsync("Fixed in today's release");
        await Expect(alice.Page.Locator("#history")).ToContainTextAsync("Export errors");
        await alice.Page.FillAsync("#history-query", "export button");
        await Expect(alice.Page.Locator("#history-results mark")).ToHaveTextAsync("export button");
        await alice.Page.Locator("#history .history-item").First.ClickAsync();
        await Expect(alice.Page.Locator("#history-messages")).ToContainTextAsync("The export button gives an error.");
        await Screenshots.SaveAsync(alice.Page, "console-history");
    }
}
