using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Omnichannel.WebHost.Tests.Support;

/// <summary>The visitor's chat widget in one browser context.</summary>
public sealed class VisitorWidget(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    public async Task StartAsync(string name, string email, string department, string text)
    {
        await Page.GotoAsync("/widget.html");
        await Page.FillAsync("#start-name", name);
        await Page.FillAsync("#start-email", email);
        await Page.SelectOptionAsync("#start-department", department);
        await Page.FillAsync("#start-text", text);
        await Page.ClickAsync("#start button[type=submit]");
        await Expect(Page.Locator("#chat")).ToBeVisibleAsync();
        await Expect(Page.Locator("body")).ToHaveAttributeAsync("data-hub", "connected");
    }

    /// <summary>What people wrote: system lines are left out.</summary>
    public ILocator Messages => Page.Locator("#visitor-messages .message:not(.system)");

    public async Task SendAsync(string text)
    {
        await Page.FillAsync("#visitor-message", text);
        await Page.PressAsync("#visitor-message", "Enter");
        await Expect(Page.Locator("#visitor-message")).ToHaveValueAsync("");
    }

    /// <summary>The token the host gave this visitor (kept in the tab's session storage).</summary>
    public Task<string> TokenAsync() => Page.EvaluateAsync<string>("() => sessionStorage.getItem('omnichannel.visitorToken')");

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
