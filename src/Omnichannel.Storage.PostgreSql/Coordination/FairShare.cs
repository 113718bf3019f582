namespace Omnichannel.Storage.PostgreSql.Coordination;

/// <summary>
/// How many of <c>departments</c> departments a live process should dispatch: the live processes ordered by backend id
/// share them as evenly as they divide, the first ones taking one more each for the remainder, so the shares add up to the
/// number of departments exactly (none is left without a process that wants it, none is wanted by two).
/// </summary>
/// <remarks>Stateless and thread-safe.</remarks>
internal static class FairShare
{
    /// <param name="departments">The number of departments.</param>
    /// <param name="members">The live processes' backend ids, this one included.</param>
    /// <param name="me">This process's backend id.</param>
    public static int Of(int departments, IReadOnlyCollection<int> members, int me)
    {
        var count = Math.Max(1, members.Count);
        var rank = members.Count(m => m < me);
        return (departments / count) + (rank < departments % count ? 1 : 0);
    }
}
