using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace Omnichannel.WebHost.Tests.Support;

/// <summary>
/// One web host (in this process, on a real Kestrel port, SQLite in a temporary folder), one in-process SMTP server and
/// one headless Chromium (Debian's chromium-headless-shell) shared by the browser scenarios, which run one after another.
/// </summary>
public sealed class WebHostFixture : IAsyncLifetime
{
    public const string Password = "correct-horse-battery-staple";
    public const string ChromiumPath = "/usr/bin/chromium-headless-shell";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "omnichannel-webhost-tests-" + Guid.NewGuid().ToString("N"));
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public InProcessSmtpServer Smtp { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install it with `apt-get install -y chromium-headless-shell` (.ci/run does).");
        }

        _app = WebHostApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["WebHost:DataDirectory"] = _dataDirectory,
                ["WebHost:AgentPassword"] = Password,
                ["WebHost:Smtp:Host"] = "127.0.0.1",
                ["WebHost:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["WebHost:QueuePositionIntervalSeconds"] = "0.5",
                ["WebHost:TranscriptPollIntervalSeconds"] = "0.2",
            });
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
        });
        await _app.StartAsync();
        BaseAddress = WebHostApp.Address(_app);

        Assertions.SetDefaultExpectTimeout(10_000);
        // A fresh machine: install Debian's headless Chromium as .ci/run would, so that plain `dotnet test` passes too.
        if (!Omnichannel.Tests.Shared.SystemPackages.EnsureInstalled("chromium-headless-shell", static () => File.Exists(ChromiumPath)))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run .ci/run or `apt-get install -y chromium-headless-shell`.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // As root: no sandbox. This machine's network is closed: no background connections.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new browser context (its own cookies and storage), as another person on another computer.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1366, int height = 820)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            AcceptDownloads = true,
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>An agent signed in to the console, set Available.</summary>
    public async Task<AgentConsole> SignInAsync(string username, bool available = true)
    {
        var context = await NewContextAsync();
        var console = new AgentConsole(context, await context.NewPageAsync());
        await console.SignInAsync(username, Password);
        if (available)
        {
            await console.SetStatusAsync("Available");
        }

        return console;
    }

    /// <summary>A visitor on the widget page who started a chat.</summary>
    public async Task<VisitorWidget> StartChatAsync(string name, string email, string department, string text)
    {
        var context = await NewContextAsync(1280, 800);
        var widget = new VisitorWidget(context, await context.NewPageAsync());
        await widget.StartAsync(name, email, department, text);
        return widget;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await Smtp.DisposeAsync();
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException exception)
        {
            Trace.WriteLine($"Could not delete {_dataDirectory}: {exception.Message}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserScenarios : ICollectionFixture<WebHostFixture>
{
    public const string Name = "browser";
}
