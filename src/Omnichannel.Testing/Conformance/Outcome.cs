namespace Omnichannel.Testing.Conformance;

/// <summary>How one call ended: its value, or the expected exception it threw.</summary>
internal readonly record struct Outcome<T>(T? Value, Exception? Exception)
{
    public bool Succeeded => Exception is null;
}
