using System.IO.Compression;
using System.Xml.Linq;
using Omnichannel.Packaging.Tests.Support;
using Xunit.Abstractions;

namespace Omnichannel.Packaging.Tests;

/// <summary>The shipped projects packed once into a folder feed, then installed by a fresh app outside the solution.</summary>
public sealed class PackagesTests(PackedFeed feed, ITestOutputHelper output) : IClassFixture<PackedFeed>
{
    [Fact]
    public async Task A_fresh_console_app_installs_the_packages_from_the_feed_and_runs_a_conversation_end_to_end()
    {
        var run = await ConsumerApp.BuildAndRunAsync(feed);
        feed.WriteLogTo(output);
        output.WriteLine(run.Output);

        var lines = run.Output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("CONSUMER OK: c-1 routed to alice, closed, transcript of 2 messages", lines[^1]);
        Assert.Contains(lines, l => l.EndsWith("] Carol: Hello, my invoice is wrong.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.EndsWith("] Alice: Fixed: the duplicate is cancelled.", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("starts with %PDF-; email sender: SmtpTranscriptEmailSender", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_package_carries_its_readme_xml_docs_and_metadata_and_has_a_symbol_package()
    {
        Assert.NotEmpty(feed.Projects);
        foreach (var project in feed.Projects)
        {
            var package = feed.PackagePath(project.PackageId);
            Assert.True(File.Exists(package), $"{project.Name} was not packed as {package}.");
            using var zip = ZipFile.OpenRead(package);
            var files = zip.Entries.Select(e => e.FullName).ToHashSet();
            Assert.Contains("README.md", files);
            Assert.Contains($"lib/net10.0/{project.AssemblyName}.dll", files);
            Assert.Contains($"lib/net10.0/{project.AssemblyName}.xml", files);

            var nuspec = ReadNuspec(zip, project.PackageId);
            string Field(string name) => nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata").Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value ?? "";
            Assert.Equal(feed.Version, Field("version"));
            Assert.Equal("README.md", Field("readme"));
            Assert.Equal("MIT", Field("license"));
            Assert.True(Field("description").Length > 40, $"{project.PackageId}: the description says too little: '{Field("description")}'.");
            Assert.Contains("omnichannel", Field("tags"), StringComparison.Ordinal);
            Assert.NotNull(nuspec.Descendants().SingleOrDefault(e => e.Name.LocalName == "repository")?.Attribute("url"));

            using var symbols = ZipFile.OpenRead(feed.PackagePath(project.PackageId, ".snupkg"));
            Assert.Contains($"lib/net10.0/{project.AssemblyName}.pdb", symbols.Entries.Select(e => e.FullName));
        }
    }

    [Fact]
    public void The_version_is_VersionPrefix_of_Directory_Build_props_with_the_suffix_given_to_pack()
    {
        var prefix = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Build.props")).Descendants("VersionPrefix").Single().Value;

        Assert.Equal($"{prefix}-{feed.VersionSuffix}", feed.Version);
        Assert.Equal(
            feed.Projects.Select(p => $"{p.PackageId}.{feed.Version}.nupkg").Order(StringComparer.Ordinal),
            Directory.GetFiles(feed.Feed, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Packages_depend_on_each_other_at_the_same_version()
    {
        var ours = feed.Projects.Select(p => p.PackageId).ToHashSet();
        foreach (var project in feed.Projects)
        {
            using var zip = ZipFile.OpenRead(feed.PackagePath(project.PackageId));
            foreach (var dependency in ReadNuspec(zip, project.PackageId).Descendants().Where(e => e.Name.LocalName == "dependency"))
            {
                if (ours.Contains(dependency.Attribute("id")!.Value))
                {
                    Assert.Equal(feed.Version, dependency.Attribute("version")!.Value);
                }
            }
        }
    }

    private static XDocument ReadNuspec(ZipArchive zip, string packageId)
    {
        using var stream = zip.GetEntry($"{packageId}.nuspec")!.Open();
        return XDocument.Load(stream);
    }
}
