namespace Omnichannel;

/// <summary>
/// Identifies a unit: a group of departments that monitors supervise (<see cref="Departments.Department.UnitId"/>,
/// <see cref="Agents.Agent.SupervisedUnits"/>). The value is chosen by the host and compared ordinally.
/// </summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct UnitId
{
    /// <summary>Creates an identifier from a non-blank string.</summary>
    /// <param name="value">The identifier's text; must not be null, empty or white space.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public UnitId(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    /// <summary>The identifier's text.</summary>
    public string Value { get; }

    /// <summary>Returns the identifier's text.</summary>
    public override string ToString() => Value ?? string.Empty;
}
