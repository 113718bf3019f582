using System.Reflection;
using System.Xml.Linq;

namespace Omnichannel.Tests.Conventions;

/// <summary>
/// Repository-only: compiled into each test project (tests/Shared). Convention checks on a shipped assembly's public surface, read from its XML documentation file, for a test to
/// assert (as NodaTime's convention tests do): every public type that is not an enum says how it behaves across threads.
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class DocumentationConventions
{
    /// <summary>
    /// The public non-enum types of <paramref name="assembly"/> whose documentation (summary or remarks) never
    /// mentions threads. Empty when every type states its thread safety.
    /// </summary>
    /// <param name="assembly">The assembly; its XML documentation file must lie beside it.</param>
    /// <returns>The full names of the types that do not state their thread safety, ordered.</returns>
    /// <exception cref="FileNotFoundException">The XML documentation file is missing.</exception>
    public static IReadOnlyList<string> TypesWithoutThreadSafetyStatement(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"The XML documentation of {assembly.GetName().Name} is not beside it; enable GenerateDocumentationFile.", path);
        }

        var documented = XDocument.Load(path).Descendants("member")
            .Where(m => ((string?)m.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true)
            .ToDictionary(m => ((string)m.Attribute("name")!)[2..], m => m.Value, StringComparer.Ordinal);

        return [.. assembly.GetExportedTypes()
            .Where(t => !t.IsEnum)
            .Select(t => t.FullName!.Replace('+', '.'))
            .Where(name => !documented.TryGetValue(name, out var text) || !text.Contains("thread", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)];
    }
}
