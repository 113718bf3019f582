using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Contacts;

/// <summary>
/// Checks custom-field values against the registry: a field not registered (when the scope has registered fields), a
/// required field missing or blank, a value not matching its pattern. The refusal names the field.
/// </summary>
internal static class CustomFieldRules
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    /// <summary>The problems of the registry itself (start-up validation), naming the setting.</summary>
    public static IEnumerable<string> Problems(IEnumerable<CustomFieldDefinition> definitions, int maxNameLength)
    {
        var seen = new HashSet<(string, CustomFieldScope)>();
        foreach (var definition in definitions)
        {
            if (definition is null)
            {
                yield return "OmnichannelOptions.CustomFields holds a null entry.";
                continue;
            }

            if (TextRules.Problem(definition.Name, "custom field name", maxNameLength, "OmnichannelOptions.MaxNameLength", singleLine: true) is { } name)
            {
                yield return $"OmnichannelOptions.CustomFields: {name}";
                continue;
            }

            if (!Enum.IsDefined(definition.Scope))
            {
                yield return $"OmnichannelOptions.CustomFields: the field '{definition.Name}' has scope {(int)definition.Scope}, which is neither Contact nor Conversation.";
            }

            if (!seen.Add((definition.Name, definition.Scope)))
            {
                yield return $"OmnichannelOptions.CustomFields: the {definition.Scope} field '{definition.Name}' is registered twice.";
            }

            if (!string.IsNullOrEmpty(definition.Pattern) && TryCompile(definition.Pattern) is null)
            {
                yield return $"OmnichannelOptions.CustomFields: the pattern of field '{definition.Name}' is not a valid regular expression: {definition.Pattern}";
            }
        }
    }

    /// <summary>
    /// <paramref name="fields"/> with every field of <paramref name="stored"/> that is not registered for <paramref name="scope"/>
    /// (a legacy field, from before it was unregistered) set back to its stored value; unchanged without a registry for the scope.
    /// </summary>
    public static ImmutableDictionary<string, string> KeepLegacy(ImmutableDictionary<string, string> fields, ImmutableDictionary<string, string>? stored, CustomFieldScope scope, IEnumerable<CustomFieldDefinition> registry)
    {
        if (stored is null || stored.IsEmpty)
        {
            return fields;
        }

        var registered = registry.Where(d => d.Scope == scope).Select(d => d.Name).ToHashSet(StringComparer.Ordinal);
        if (registered.Count == 0)
        {
            return fields;
        }

        foreach (var (name, value) in stored)
        {
            if (!registered.Contains(name))
            {
                fields = fields.SetItem(name, value);
            }
        }

        return fields;
    }

    /// <summary>
    /// The first refusal for <paramref name="fields"/> of <paramref name="scope"/>, or null when they satisfy the registry. A field
    /// not registered is accepted when <paramref name="legacy"/> (the stored record) holds it with the same value.
    /// </summary>
    public static OperationError? Check(IReadOnlyDictionary<string, string>? fields, CustomFieldScope scope, IEnumerable<CustomFieldDefinition> registry, string owner, IReadOnlyDictionary<string, string>? legacy = null)
    {
        var definitions = registry.Where(d => d.Scope == scope).ToList();
        if (definitions.Count == 0)
        {
            return null;
        }

        fields ??= new Dictionary<string, string>();
        foreach (var key in fields.Keys.Order(StringComparer.Ordinal))
        {
            if (!definitions.Any(d => d.Name == key)
                && !(legacy is not null && legacy.TryGetValue(key, out var kept) && string.Equals(kept, fields[key], StringComparison.Ordinal)))
            {
                return Invalid($"{owner} has the custom field '{Shown(key)}', which is not a registered {scope} field (registered: {string.Join(", ", definitions.Select(d => d.Name))}).");
            }
        }

        foreach (var definition in definitions)
        {
            var present = fields.TryGetValue(definition.Name, out var value) && !string.IsNullOrWhiteSpace(value);
            if (!present)
            {
                if (definition.Required)
                {
                    return Invalid($"{owner} lacks the required custom field '{definition.Name}'.");
                }

                continue;
            }

            if (!string.IsNullOrEmpty(definition.Pattern) && !Matches(definition.Pattern, value!))
            {
                return Invalid($"{owner} has a value for custom field '{definition.Name}' that does not match its pattern {definition.Pattern}.");
            }
        }

        return null;
    }

    private static bool Matches(string pattern, string value)
    {
        try
        {
            return TryCompile(pattern)?.IsMatch(value) == true;
        }
        catch (RegexMatchTimeoutException)
        {
            // A value that makes the pattern backtrack for long is refused rather than stalling the caller.
            return false;
        }
    }

    private static Regex? TryCompile(string pattern)
    {
        if (Compiled.TryGetValue(pattern, out var regex))
        {
            return regex;
        }

        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }

        return Compiled.GetOrAdd(pattern, regex);
    }

    private static string Shown(string key) => key.Length > 64 ? key[..64] + "..." : key;

    private static OperationError Invalid(string message) => new(OperationErrorCode.InvalidCustomField, message);
}
