using Microsoft.Playwright;

namespace Omnichannel.WebHost.Tests.Support;

/// <summary>
/// Screenshots for the docs, taken only when OMNICHANNEL_SCREENSHOTS names a folder (relative to the repository root,
/// e.g. docs/images), so that an ordinary test run writes nothing into the working tree.
/// </summary>
public static class Screenshots
{
    public const string Variable = "OMNICHANNEL_SCREENSHOTS";

    public static async Task SaveAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(folder))
        {
            return;
        }

        if (!Path.IsPathRooted(folder))
        {
            folder = Path.Combine(RepositoryRoot(), folder);
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"webhost-{name}.png") });
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Omnichannel.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
