namespace Omnichannel.Packaging.Tests.Support;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The solution file; the repository root is its folder.</summary>
    public static string Solution { get; } = FindSolution();

    public static string Root => Path.GetDirectoryName(Solution)!;

    private static string FindSolution()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var solution = Path.Combine(folder.FullName, "Omnichannel.sln");
            if (File.Exists(solution))
            {
                return solution;
            }
        }

        throw new InvalidOperationException($"No Omnichannel.sln above {AppContext.BaseDirectory}.");
    }
}
