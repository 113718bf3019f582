using System.Security;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Omnichannel.Packaging.Tests.Support;

/// <summary>A project of the solution as MSBuild evaluates it (the GetShippingInfo target of Directory.Build.targets).</summary>
public sealed record ProjectShipping(string Path, bool IsShipped, bool IsPackable, string PackageId, string AssemblyName)
{
    public string Name => System.IO.Path.GetFileNameWithoutExtension(Path);
}

/// <summary>
/// Which projects of the solution ship, asked of MSBuild (each project's IsShipped after its own properties and the
/// folder's Directory.Build.props), so a new package needs nothing here.
/// </summary>
public static partial class SolutionProjects
{
    private static readonly Lazy<Task<IReadOnlyList<ProjectShipping>>> All = new(LoadAsync);

    public static Task<IReadOnlyList<ProjectShipping>> AllAsync() => All.Value;

    public static async Task<IReadOnlyList<ProjectShipping>> ShippedAsync() => [.. (await AllAsync()).Where(p => p.IsShipped)];

    private static async Task<IReadOnlyList<ProjectShipping>> LoadAsync()
    {
        var projects = ProjectPaths().Select(SecurityElement.Escape).Select(p => $"    <SolutionProject Include=\"{p}\" />");
        var folder = Directory.CreateTempSubdirectory("omnichannel-projects-").FullName;
        try
        {
            var query = Path.Combine(folder, "shipping.proj");
            await File.WriteAllTextAsync(query, $"""
                <Project>
                  <ItemGroup>
                {string.Join('\n', projects)}
                  </ItemGroup>
                  <Target Name="List" Returns="@(Listed)">
                    <MSBuild Projects="@(SolutionProject)" Targets="GetShippingInfo" BuildInParallel="true">
                      <Output TaskParameter="TargetOutputs" ItemName="Listed" />
                    </MSBuild>
                  </Target>
                </Project>
                """);
            var result = (await DotNetCli.RunAsync(folder, TimeSpan.FromMinutes(3), "msbuild", query, "-t:List", "-getTargetResult:List")).EnsureSucceeded();
            using var json = JsonDocument.Parse(result.Output[result.Output.IndexOf('{', StringComparison.Ordinal)..]);
            return [.. json.RootElement.GetProperty("TargetResults").GetProperty("List").GetProperty("Items").EnumerateArray().Select(item => new ProjectShipping(
                item.GetProperty("Identity").GetString()!,
                item.GetProperty("IsShipped").GetString() == "true",
                item.GetProperty("IsPackable").GetString() == "true",
                item.GetProperty("PackageId").GetString()!,
                item.GetProperty("AssemblyName").GetString()!))];
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The .csproj files the solution lists (classic .sln or .slnx), as full paths.</summary>
    private static IEnumerable<string> ProjectPaths() =>
        ProjectPath().Matches(File.ReadAllText(RepositoryPaths.Solution))
            .Select(m => Path.GetFullPath(Path.Combine(RepositoryPaths.Root, m.Groups[1].Value.Replace('\\', Path.DirectorySeparatorChar))))
            .Distinct();

    [GeneratedRegex("\"([^\"]+\\.csproj)\"")]
    private static partial Regex ProjectPath();
}
