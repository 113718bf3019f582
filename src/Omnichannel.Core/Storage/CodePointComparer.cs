namespace Omnichannel.Storage;

/// <summary>
/// Orders strings by Unicode code point, as SQLite's BINARY and PostgreSQL's "C" collations order UTF-8 text, so the
/// in-memory store pages contacts in the same order as the SQL adapters (UTF-16 ordinal order differs above U+D7FF).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal sealed class CodePointComparer : IComparer<string>
{
    public static readonly CodePointComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        var left = x.EnumerateRunes();
        var right = y.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight)
            {
                return hasLeft == hasRight ? 0 : hasLeft ? 1 : -1;
            }

            var byRune = left.Current.Value.CompareTo(right.Current.Value);
            if (byRune != 0)
            {
                return byRune;
            }
        }
    }
}
