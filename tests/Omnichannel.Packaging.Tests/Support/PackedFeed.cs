using System.Security;
using Xunit.Abstractions;

namespace Omnichannel.Packaging.Tests.Support;

/// <summary>
/// Every shipped project packed once, with a version of its own (0.1.0-pkgtest.xxx, so no package cache holds it),
/// into a folder feed under a temporary folder. The build goes to the temporary folder too (artifacts layout), so
/// it never touches the obj and bin folders of the solution's own build.
/// </summary>
public sealed class PackedFeed : IAsyncLifetime
{
    public string Root { get; } = Directory.CreateTempSubdirectory("omnichannel-packaging-").FullName;

    public string Feed => Path.Combine(Root, "feed");

    /// <summary>The suffix given to VersionPrefix of Directory.Build.props.</summary>
    public string VersionSuffix { get; } = $"pkgtest.t{Guid.NewGuid():N}"[..24];

    public string Version { get; private set; } = "";

    public IReadOnlyList<ProjectShipping> Projects { get; private set; } = [];

    public CommandResult? Pack { get; private set; }

    /// <summary>What happened, for the test output.</summary>
    public List<string> Log { get; } = [];

    public string PackagePath(string packageId, string extension = ".nupkg") => Path.Combine(Feed, $"{packageId}.{Version}{extension}");

    public async Task InitializeAsync()
    {
        Projects = await SolutionProjects.ShippedAsync();
        var solution = Path.Combine(Root, "shipped.slnx");
        await File.WriteAllTextAsync(solution, $"""
            <Solution>
            {string.Join('\n', Projects.Select(p => $"  <Project Path=\"{SecurityElement.Escape(p.Path)}\" />"))}
            </Solution>
            """);
        // Analyzers are the solution build's job (they change no output); skipping them here saves a quarter of the pack.
        Pack = (await DotNetCli.RunAsync(Root, TimeSpan.FromMinutes(10), "pack", solution, "-c", "Release", "-o", Feed,
            $"-p:VersionSuffix={VersionSuffix}", "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={Path.Combine(Root, "artifacts")}",
            "-p:RunAnalyzers=false")).EnsureSucceeded();
        Log.Add($"packed {Projects.Count} projects in {Pack.Duration.TotalSeconds:F1} s");
        // Omnichannel.Core.<VersionPrefix>-<VersionSuffix>.nupkg gives the version the SDK made.
        Version = Directory.GetFiles(Feed, $"Omnichannel.Core.*-{VersionSuffix}.nupkg")
            .Select(f => Path.GetFileName(f)["Omnichannel.Core.".Length..^".nupkg".Length])
            .Single(v => char.IsAsciiDigit(v[0]));
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A compiler server may still hold a file for a moment; the temporary folder is the OS's to clean then.
        }

        return Task.CompletedTask;
    }

    public void WriteLogTo(ITestOutputHelper output)
    {
        foreach (var line in Log)
        {
            output.WriteLine(line);
        }
    }
}
