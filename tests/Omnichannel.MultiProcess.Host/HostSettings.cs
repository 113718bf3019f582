using System.Globalization;

namespace Omnichannel.MultiProcess.Host;

/// <summary>The host's command line: <c>--connection CS --index N [--reconcile-ms MS] [--workload] [--departments d1,d2] [--verbose]</c>.</summary>
internal sealed record HostSettings(string ConnectionString, int Index, int ReconcileMilliseconds, bool Workload, string[] Departments, bool Verbose)
{
    public static HostSettings Parse(string[] args)
    {
        string Value(string name, string? fallback = null)
        {
            var at = Array.IndexOf(args, name);
            return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback ?? throw new ArgumentException($"{name} is required.");
        }

        return new HostSettings(
            Value("--connection"),
            int.Parse(Value("--index", "1"), CultureInfo.InvariantCulture),
            int.Parse(Value("--reconcile-ms", "1000"), CultureInfo.InvariantCulture),
            args.Contains("--workload"),
            Value("--departments", "d1,d2,d3").Split(',', StringSplitOptions.RemoveEmptyEntries),
            args.Contains("--verbose"));
    }
}
