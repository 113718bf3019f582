namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>Finds files of the repository from the test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Omnichannel.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string File(string relativePath) => Path.Combine(Root, relativePath.Replace('/', Path.DirectorySeparatorChar));

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(folder.FullName, "Omnichannel.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No Omnichannel.sln above {AppContext.BaseDirectory}.");
    }
}
