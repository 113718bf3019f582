using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests.Support;

/// <summary>The agent console in one browser context, driven as a person would (clicks and keys).</summary>
public sealed class AgentConsole(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public async Task SignInAsync(string username, string password)
    {
        await Page.GotoAsync("/agent.html");
        await Page.FillAsync("#login-username", username);
        await Page.FillAsync("#login-password", password);
        await Page.ClickAsync("#login-form button[type=submit]");
        await Expect(Page.Locator("#me-name")).Not.ToBeEmptyAsync();
        await Expect(Page.Locator("body")).ToHaveAttributeAsync("data-hub", "connected");
    }

    public async Task SetStatusAsync(string status)
    {
        await Page.SelectOptionAsync("#status", status);
        await Expect(Page.Locator("#status-dot")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(status.ToLowerInvariant()));
    }

    public ILocator Item(string list, string contactName) =>
        Page.Locator($"#{list} .conversation-item").Filter(new LocatorFilterOptions { HasText = contactName });

    public async Task OpenAsync(string list, string contactName)
    {
        await Item(list, contactName).ClickAsync();
        await Expect(Page.Locator("#contact-name")).ToHaveTextAsync(contactName);
    }

    /// <summary>The id of the open conversation, from the address bar.</summary>
    public string CurrentConversationId() => Uri.UnescapeDataString(new Uri(Page.Url).Fragment["#/c/".Length..]);

    /// <summary>What people wrote (the contact, agents, bots): the lifecycle's system lines are left out.</summary>
    public ILocator Messages => Page.Locator("#messages .message:not(.system)");

    /// <summary>The system lines of the lifecycle (joined, on hold, resumed, forwarded, closed) and of calls.</summary>
    public ILocator SystemLines => Page.Locator("#messages .message.system");

    public ILocator ErrorToast(string text) => Page.Locator(".toast.error").Filter(new LocatorFilterOptions { HasText = text });

    public async Task SendAsync(string text)
    {
        await Page.FillAsync("#message", text);
        await Page.PressAsync("#message", "Enter");
        await Expect(Page.Locator("#message")).ToHaveValueAsync("");
    }

    public async Task ClickActionAsync(string id) => await Page.ClickAsync($"#{id}");

    public async Task ExportPdfAsync()
    {
        await Page.ClickAsync("#transcript");
        await Page.ClickAsync("#export-pdf");
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
