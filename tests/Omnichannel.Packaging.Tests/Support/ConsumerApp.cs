using System.Security;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Omnichannel.Packaging.Tests.Support;

/// <summary>
/// A fresh console project outside the solution (in the feed's temporary folder) that references every packed
/// package by version, restoring through a nuget.config whose sources are the feed and the machine's configured
/// sources. Its Program.cs is Consumer/Program.cs of this test project.
/// </summary>
public static partial class ConsumerApp
{
    public static async Task<CommandResult> BuildAndRunAsync(PackedFeed feed)
    {
        var folder = Path.Combine(feed.Root, "consumer");
        Directory.CreateDirectory(folder);
        // Stop MSBuild and NuGet from picking up anything above the temporary folder (and the repository's settings).
        await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Build.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Build.targets"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(folder, "Directory.Packages.props"), "<Project />");
        await File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), await NuGetConfigAsync(feed));
        await File.WriteAllTextAsync(Path.Combine(folder, "Consumer.csproj"), Project(feed));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs"), Path.Combine(folder, "Program.cs"));

        var build = (await DotNetCli.RunAsync(folder, TimeSpan.FromMinutes(10), "build", "Consumer.csproj", "-c", "Release")).EnsureSucceeded();
        feed.Log.Add($"restored and built the consumer in {build.Duration.TotalSeconds:F1} s");
        var run = (await DotNetCli.RunAsync(folder, TimeSpan.FromMinutes(2), "run", "--no-build", "-c", "Release", "--project", "Consumer.csproj")).EnsureSucceeded();
        feed.Log.Add($"ran the consumer in {run.Duration.TotalSeconds:F1} s");
        return run;
    }

    private static string Project(PackedFeed feed)
    {
        var references = feed.Projects
            .Select(p => (p.PackageId, feed.Version))
            .Append(("Microsoft.Extensions.DependencyInjection", CentralVersion("Microsoft.Extensions.DependencyInjection")))
            .Select(r => $"    <PackageReference Include=\"{r.Item1}\" Version=\"{r.Item2}\" />");
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- Advisories change over time; this test is about what the packages carry. -->
                <NuGetAudit>false</NuGetAudit>
              </PropertyGroup>
              <ItemGroup>
            {string.Join('\n', references)}
              </ItemGroup>
            </Project>
            """;
    }

    /// <summary>The version the repository pins in Directory.Packages.props, so the host uses what the libraries were built with.</summary>
    private static string CentralVersion(string package) =>
        XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(e => (string?)e.Attribute("Include") == package).Attribute("Version")!.Value;

    /// <summary>
    /// The feed first, then the sources this machine restores from (as <c>dotnet nuget list source</c> shows them from
    /// the repository root, which includes the user's and the machine's config), under their own names so any
    /// credentials configured for them still apply; packages named Omnichannel.* come from the feed only. The packages are extracted to a folder of their own; the
    /// machine's package folder serves as a read-only fallback, so nothing is downloaded again and nothing is left
    /// behind in the machine's cache.
    /// </summary>
    private static async Task<string> NuGetConfigAsync(PackedFeed feed)
    {
        var listed = (await DotNetCli.RunAsync(RepositoryPaths.Root, TimeSpan.FromMinutes(1), "nuget", "list", "source")).EnsureSucceeded();
        var sources = Source().Matches(listed.Output)
            .Where(m => m.Groups["state"].Value == "Enabled")
            .Select(m => (Name: m.Groups["name"].Value, Url: m.Groups["url"].Value.Trim()))
            .ToList();
        if (sources.Count == 0)
        {
            throw new InvalidOperationException($"No enabled NuGet source on this machine:\n{listed.Output}");
        }

        var globalPackages = (await DotNetCli.RunAsync(RepositoryPaths.Root, TimeSpan.FromMinutes(1), "nuget", "locals", "global-packages", "--list")).EnsureSucceeded()
            .Output.Split(':', 2)[1].Trim();
        var add = sources.Select(s => $"    <add key=\"{SecurityElement.Escape(s.Name)}\" value=\"{SecurityElement.Escape(s.Url)}\" />");
        var anything = sources.Select(s => $"    <packageSource key=\"{SecurityElement.Escape(s.Name)}\"><package pattern=\"*\" /></packageSource>");
        return $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="omnichannel-packaging-test" value="{SecurityElement.Escape(feed.Feed)}" />
            {string.Join('\n', add)}
              </packageSources>
              <!-- Omnichannel.* only from the feed: never a same-named package from elsewhere, and no remote query for them. -->
              <packageSourceMapping>
                <clear />
                <packageSource key="omnichannel-packaging-test"><package pattern="Omnichannel.*" /></packageSource>
            {string.Join('\n', anything)}
              </packageSourceMapping>
              <config>
                <add key="globalPackagesFolder" value="{SecurityElement.Escape(Path.Combine(feed.Root, "packages"))}" />
              </config>
              <fallbackPackageFolders>
                <clear />
                <add key="machine" value="{SecurityElement.Escape(globalPackages)}" />
              </fallbackPackageFolders>
            </configuration>
            """;
    }

    // "  1.  nuget.org [Enabled]" followed by the URL on the next line.
    [GeneratedRegex(@"^\s*\d+\.\s+(?<name>.+?)\s+\[(?<state>Enabled|Disabled)\]\s*\r?\n\s*(?<url>\S.*)$", RegexOptions.Multiline)]
    private static partial Regex Source();
}
