using Omnichannel.Packaging.Tests.Support;

namespace Omnichannel.Packaging.Tests;

/// <summary>Which projects ship is decided by each project's IsShipped, and only those are packable.</summary>
public sealed class ShippingTests
{
    [Fact]
    public async Task Exactly_the_shipped_projects_are_packable()
    {
        var projects = await SolutionProjects.AllAsync();

        Assert.All(projects, p => Assert.True(p.IsShipped == p.IsPackable, $"{p.Name}: IsShipped is {p.IsShipped} but IsPackable is {p.IsPackable}."));
        Assert.Superset(
            new HashSet<string>(["Omnichannel.Core", "Omnichannel.Routing", "Omnichannel.Transcripts", "Omnichannel.Transcripts.Pdf", "Omnichannel.Transcripts.Mail", "Omnichannel.Testing"]),
            projects.Where(p => p.IsShipped).Select(p => p.PackageId).ToHashSet());
        Assert.DoesNotContain(projects, p => p.IsShipped && (p.Name.EndsWith(".Tests", StringComparison.Ordinal) || p.Name is "Omnichannel.Quickstart" or "Omnichannel.Simulator" or "Omnichannel.Benchmarks"));
    }

    [Fact]
    public async Task This_test_project_references_every_shipped_project()
    {
        foreach (var project in await SolutionProjects.ShippedAsync())
        {
            // A ProjectReference copies the assembly beside this one.
            var referenced = File.Exists(Path.Combine(AppContext.BaseDirectory, project.AssemblyName + ".dll"));
            Assert.True(referenced, $"{project.Name} ships: add <ProjectReference Include=\"{Path.GetRelativePath(Path.Combine(RepositoryPaths.Root, "tests", "Omnichannel.Packaging.Tests"), project.Path).Replace('\\', '/')}\" /> to Omnichannel.Packaging.Tests.csproj.");
        }
    }
}
