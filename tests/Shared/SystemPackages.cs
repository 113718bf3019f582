using System.Diagnostics;

namespace Omnichannel.Tests.Shared;

/// <summary>
/// Installs a Debian package a test needs (a database server, a browser) when it is missing, so that plain
/// <c>dotnet test</c> passes on a fresh machine as <c>.ci/run</c> does: only as root and where apt-get exists; once
/// per process and package. Anywhere else the caller's own "not found" message explains what to install.
/// </summary>
internal static class SystemPackages
{
    private static readonly Lock Sync = new();
    private static readonly HashSet<string> Tried = new(StringComparer.Ordinal);

    /// <summary>Runs <c>apt-get install -y <paramref name="package"/></c> unless <paramref name="isInstalled"/> already holds.</summary>
    /// <returns>True when the package is (now) installed.</returns>
    public static bool EnsureInstalled(string package, Func<bool> isInstalled)
    {
        if (isInstalled())
        {
            return true;
        }

        lock (Sync)
        {
            if (isInstalled() || !Tried.Add(package) || !OperatingSystem.IsLinux() || Environment.UserName != "root" || !File.Exists("/usr/bin/apt-get"))
            {
                return isInstalled();
            }

            Run("/usr/bin/apt-get", "update");
            Run("/usr/bin/apt-get", $"install -y {package}");
            return isInstalled();
        }
    }

    private static void Run(string file, string arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
        }
    }
}
