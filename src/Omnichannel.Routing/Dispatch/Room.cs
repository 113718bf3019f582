namespace Omnichannel.Routing.Dispatch;

/// <summary>Grows a dictionary once for a bulk of additions, still geometrically (so repeated bulks stay amortized O(1) each).</summary>
internal static class Room
{
    public static void Ensure<TKey, TValue>(Dictionary<TKey, TValue> dictionary, int additional)
        where TKey : notnull
    {
        var needed = dictionary.Count + additional;
        if (needed > dictionary.Capacity)
        {
            dictionary.EnsureCapacity(Math.Max(needed, 2 * dictionary.Capacity));
        }
    }
}
