namespace Omnichannel.Contacts;

/// <summary>
/// One entry of the custom-field registry (<see cref="DependencyInjection.OmnichannelOptions.CustomFields"/>): a field of
/// contacts or of conversations, with the pattern its values must match and whether it is required.
/// </summary>
/// <param name="Name">The field's name, the key in the custom-field dictionary (compared ordinally): one line, not blank.</param>
/// <param name="Scope">Whether it is a field of contacts or of conversations.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record CustomFieldDefinition(string Name, CustomFieldScope Scope)
{
    /// <summary>
    /// A .NET regular expression a value must match (somewhere in it, as the anchor tests it: use <c>^...$</c> for the
    /// whole value); null or empty for any value. Checked with a 100 ms time-out; a value that takes longer is refused.
    /// </summary>
    public string? Pattern { get; init; }

    /// <summary>Whether every update must give the field a value that is not blank. Default: false.</summary>
    public bool Required { get; init; }
}
