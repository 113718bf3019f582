using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Omnichannel.WebHost.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests;

/// <summary>
/// The guide's story in three browsers at once: a visitor writes; Alice and Bob both see it queued; Alice takes it and
/// Bob sees it go; they chat with typing shown; Alice forwards it to Bob with a comment Bob sees; Bob puts it on hold;
/// the visitor writes and it resumes with Bob; Bob closes it with the required tag; the transcript email reaches the
/// SMTP server; the PDF is refused before the close and downloads after it.
/// </summary>
[Collection(BrowserScenarios.Name)]
public sealed class StoryTests(WebHostFixture host)
{
    private const string Visitor = "Dave Story";
    private const string VisitorEmail = "dave.story@example.com";

    [Fact]
    public async Task The_guides_story_from_first_message_to_PDF()
    {
        await using var alice = await host.SignInAsync("alice");
        await using var bob = await host.SignInAsync("bob");

        // A visitor writes to Customer Support and waits in the queue, seeing their place and the estimated wait.
        await using var visitor = await host.StartChatAsync(Visitor, VisitorEmail, "support", "Hello, my invoice INV-42 was charged twice.");
        await Expect(visitor.Page.Locator("#queue-status")).ToContainTextAsync(new Regex(@"You are number \d+ in the queue"));
        await Expect(visitor.Page.Locator("#queue-status")).ToContainTextAsync("Estimated wait");
        await Screenshots.SaveAsync(visitor.Page, "widget-queued");

        // Both agents see it queued, with a preview of what the visitor wrote.
        await Expect(alice.Item("queue", Visitor)).ToContainTextAsync("charged twice");
        await Expect(bob.Item("queue", Visitor)).ToContainTextAsync("charged twice");
        await alice.OpenAsync("queue", Visitor);
        await Expect(alice.Page.Locator("#state")).ToHaveTextAsync("Queued");
        await Expect(alice.Messages).ToContainTextAsync(["Hello, my invoice INV-42 was charged twice."]);
        await Screenshots.SaveAsync(alice.Page, "console-queue");

        // Alice takes it; it leaves Bob's queue and appears in Alice's chats in progress.
        await alice.ClickActionAsync("take");
        await Expect(alice.Page.Locator("#state")).ToHaveTextAsync("Taken");
        await Expect(bob.Item("queue", Visitor)).ToHaveCountAsync(0);
        await Expect(alice.Item("in-progress", Visitor)).ToHaveCountAsync(1);
        await Expect(visitor.Page.Locator("#widget-subtitle")).ToContainTextAsync("Alice Martin");
        await Expect(visitor.Page.Locator("#queue-status")).ToBeHiddenAsync();

        // The visitor types: Alice sees it.
        await visitor.Page.Locator("#visitor-message").PressSequentiallyAsync("Is there");
        await Expect(alice.Page.Locator("#typing")).ToContainTextAsync($"{Visitor} is typing");
        await visitor.SendAsync("Is there any news?");
        await Expect(alice.Messages.Last).ToContainTextAsync("Is there any news?");

        // Alice answers with a canned response chosen from the drop-down.
        await alice.Page.Locator("#message").PressSequentiallyAsync("!");
        await Expect(alice.Page.Locator("#canned .canned-item").Filter(new() { HasText = "!reset-password" })).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#canned .canned-item").Filter(new() { HasText = "!refund" })).ToHaveCountAsync(0);   // Billing's
        await Screenshots.SaveAsync(alice.Page, "console-canned");
        await alice.Page.Locator("#message").PressSequentiallyAsync("gr");
        await Expect(alice.Page.Locator("#canned .canned-item")).ToHaveCountAsync(1);
        await Expect(alice.Page.Locator("#canned .canned-item").First).ToContainTextAsync("!greet");
        await alice.Page.PressAsync("#message", "Enter");
        await Expect(alice.Page.Locator("#message")).ToHaveValueAsync("!greet ");
        await alice.Page.PressAsync("#message", "Enter");
        var greeting = $"Hi {Visitor}, I am Alice Martin. How can I help you today?";
        await Expect(alice.Messages.Last).ToContainTextAsync(greeting);
        await Expect(visitor.Messages.Last).ToContainTextAsync(greeting);

        // Alice types: the visitor sees it.
        await alice.Page.Locator("#message").PressSequentiallyAsync("Let me check");
        await Expect(visitor.Page.Locator("#visitor-typing")).ToContainTextAsync("Alice Martin is typing");
        await Screenshots.SaveAsync(visitor.Page, "widget-chat");
        await alice.Page.FillAsync("#message", "");
        await alice.SendAsync("Let me check invoice INV-42; billing will take it from here.");
        await Expect(visitor.Messages.Last).ToContainTextAsync("billing will take it from here");

        // The visitor asks for the transcript by email.
        await visitor.Page.ClickAsync("#transcript-toggle");
        await Expect(visitor.Page.Locator("#transcript-email")).ToHaveValueAsync(VisitorEmail);
        await visitor.Page.ClickAsync("#transcript-form button[type=submit]");
        await Expect(visitor.Page.Locator("#transcript-note")).ToContainTextAsync($"emailed to {VisitorEmail}");

        // Alice forwards it to Bob with a comment.
        const string comment = "INV-42 is doubled; the customer is on the Pro plan.";
        await alice.ClickActionAsync("forward");
        await alice.Page.SelectOptionAsync("#forward-agent", "bob");
        await alice.Page.FillAsync("#forward-comment", comment);
        await Screenshots.SaveAsync(alice.Page, "console-forward");
        await alice.Page.ClickAsync("#forward-form button[type=submit]");
        await Expect(alice.Page.Locator(".toast.success")).ToContainTextAsync("forwarded to agent 'bob'");
        await Expect(alice.Item("in-progress", Visitor)).ToHaveCountAsync(0);

        // Bob has it, and sees Alice's comment.
        await Expect(bob.Page.Locator(".toast").Filter(new() { HasText = comment })).ToHaveCountAsync(1);
        await bob.OpenAsync("in-progress", Visitor);
        await Expect(bob.Page.Locator("#forward-banner")).ToContainTextAsync("Forwarded to you by Alice Martin");
        await Expect(bob.Page.Locator("#forward-banner")).ToContainTextAsync(comment);
        await Expect(visitor.Page.Locator("#widget-subtitle")).ToContainTextAsync("Bob Durand");

        // The PDF cannot be exported before the close: the library says why.
        await bob.ExportPdfAsync();
        await Expect(bob.ErrorToast("can only be exported once the conversation is closed")).ToHaveCountAsync(1);

        // Bob answers and puts it on hold.
        await bob.SendAsync("I am checking the duplicate charge with our bank; I will be back.");
        await bob.ClickActionAsync("hold");
        await Expect(bob.Page.Locator("#state")).ToHaveTextAsync("On hold");
        await Expect(bob.Item("on-hold", Visitor)).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(bob.Page, "console-forwarded");

        // The visitor writes: it resumes, with Bob.
        await visitor.SendAsync("Thanks! Any news about the refund?");
        await Expect(bob.Page.Locator("#state")).ToHaveTextAsync("Taken");
        await Expect(bob.Page.Locator("#serving")).ToContainTextAsync("you");
        await Expect(bob.Item("in-progress", Visitor)).ToHaveCountAsync(1);
        await Expect(bob.Messages.Last).ToContainTextAsync("Any news about the refund?");
        await bob.SendAsync("The duplicate payment is cancelled; the refund reaches you in 3 to 5 days.");

        // Bob closes it: the department requires a tag.
        await bob.ClickActionAsync("close");
        await Expect(bob.Page.Locator("#tags-required")).ToBeVisibleAsync();
        await bob.Page.FillAsync("#close-comment", "Duplicate charge refunded.");
        await bob.Page.ClickAsync("#close-form button[type=submit]");
        await Expect(bob.Page.Locator("#close-form .form-error")).ToContainTextAsync("requires at least one tag");
        await bob.Page.Locator("#close-tags label").Filter(new() { HasText = "billing" }).ClickAsync();
        await Screenshots.SaveAsync(bob.Page, "console-close");
        await bob.Page.ClickAsync("#close-form button[type=submit]");
        await Expect(bob.Page.Locator("#state")).ToHaveTextAsync("Closed");
        await Expect(bob.Item("closed", Visitor)).ToHaveCountAsync(1);
        await Expect(visitor.Page.Locator("#closed-note")).ToBeVisibleAsync();

        // The transcript email reaches the SMTP server, to the address the visitor gave.
        var email = await host.Smtp.WaitForMessageToAsync(VisitorEmail, TimeSpan.FromSeconds(20));
        Assert.Contains("INV-42", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("refund reaches you in 3 to 5 days", email.TextBody, StringComparison.Ordinal);

        // After the close the PDF is made and arrives in Bob's inbox, from where it downloads.
        await bob.ExportPdfAsync();
        await Expect(bob.Page.Locator("#inbox-count")).ToHaveTextAsync("1", new() { Timeout = 20_000 });
        await bob.Page.ClickAsync("#inbox-button");
        var link = bob.Page.Locator("#inbox-list a.attachment");
        await Expect(link).ToContainTextAsync(new Regex(@"transcript-.+\.pdf"));
        await Screenshots.SaveAsync(bob.Page, "console-inbox");
        var download = await bob.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.True(bytes.Length > 1000, $"The PDF has {bytes.Length} bytes.");
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        await Screenshots.SaveAsync(visitor.Page, "widget-closed");
    }
}
