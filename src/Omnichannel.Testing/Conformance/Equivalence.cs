using System.Collections;
using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Xunit.Sdk;

namespace Omnichannel.Testing.Conformance;

/// <summary>
/// Compares what a store returns with what was written, field by field. Records' own equality compares
/// immutable collections by reference, which an adapter that rebuilds entities from rows never satisfies.
/// Every public property of the library's types is compared, so a field added later is checked automatically.
/// </summary>
internal static class Equivalence
{
    public static void AssertEquivalent<T>(T expected, T actual)
    {
        var differences = new List<string>();
        Compare(expected, actual, typeof(T).Name, differences);
        if (differences.Count > 0)
        {
            throw new XunitException($"The stored {typeof(T).Name} differs from the one written:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", differences)}");
        }
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences)
    {
        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            }

            return;
        }

        var type = expected.GetType();
        if (IsDefaultArray(expected) || IsDefaultArray(actual))
        {
            if (IsDefaultArray(expected) != IsDefaultArray(actual))
            {
                differences.Add($"{path}: one side is an uninitialized (default) ImmutableArray; store empty arrays as []");
            }
        }
        else if (expected is IDictionary expectedMap && actual is IDictionary actualMap)
        {
            CompareMaps(expectedMap, actualMap, path, differences);
        }
        else if (expected is IEnumerable expectedItems and not string && actual is IEnumerable actualItems and not string)
        {
            // Collections compare by content, whatever their concrete types (a list read back for an array written).
            CompareSequences(expectedItems, actualItems, IsSet(type), path, differences);
        }
        else if (actual.GetType() != type)
        {
            differences.Add($"{path}: expected a {type.Name}, got a {actual.GetType().Name}");
        }
        else if (type.Namespace?.StartsWith("Omnichannel", StringComparison.Ordinal) == true && !type.IsEnum)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0))
            {
                Compare(property.GetValue(expected), property.GetValue(actual), $"{path}.{property.Name}", differences);
            }
        }
        else if (!expected.Equals(actual))
        {
            differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
        }
    }

    private static void CompareMaps(IDictionary expected, IDictionary actual, string path, List<string> differences)
    {
        foreach (DictionaryEntry entry in expected)
        {
            if (!actual.Contains(entry.Key))
            {
                differences.Add($"{path}[{Show(entry.Key)}]: missing");
            }
            else
            {
                Compare(entry.Value, actual[entry.Key], $"{path}[{Show(entry.Key)}]", differences);
            }
        }

        foreach (DictionaryEntry entry in actual)
        {
            if (!expected.Contains(entry.Key))
            {
                differences.Add($"{path}[{Show(entry.Key)}]: unexpected entry {Show(entry.Value)}");
            }
        }
    }

    private static void CompareSequences(IEnumerable expected, IEnumerable actual, bool unordered, string path, List<string> differences)
    {
        var left = expected.Cast<object?>().ToList();
        var right = actual.Cast<object?>().ToList();
        if (left.Count != right.Count)
        {
            differences.Add($"{path}: expected {left.Count} item(s), got {right.Count}");
            return;
        }

        if (unordered)
        {
            var rightSet = right.ToHashSet();
            foreach (var missing in left.Where(item => !rightSet.Contains(item)))
            {
                differences.Add($"{path}: missing {Show(missing)}");
            }

            return;
        }

        for (var i = 0; i < left.Count; i++)
        {
            Compare(left[i], right[i], $"{path}[{i}]", differences);
        }
    }

    private static bool IsSet(Type type) =>
        type.GetInterfaces().Any(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(ISet<>) || i.GetGenericTypeDefinition() == typeof(IReadOnlySet<>)));

    private static bool IsDefaultArray(object value) =>
        value.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)
        && (bool)type.GetProperty(nameof(ImmutableArray<int>.IsDefault))!.GetValue(value)!;

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? value.GetType().Name,
    };
}
