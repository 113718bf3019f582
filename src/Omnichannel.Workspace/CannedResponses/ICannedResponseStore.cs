using Omnichannel.Storage;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>
/// Stores canned responses. Besides the version check of every <see cref="IVersionedStore{TId, TEntity}.SaveAsync"/>,
/// a save refuses a shortcut another response already has (ordinal, ignoring letter case) with
/// <see cref="DuplicateShortcutException"/>, atomically: of two concurrent creates with one shortcut, one wins.
/// A SQL adapter uses a unique index on the lower-cased shortcut.
/// </summary>
/// <remarks>Implementations must be thread-safe, and atomic per call even across processes sharing the store.</remarks>
public interface ICannedResponseStore : IVersionedStore<CannedResponseId, CannedResponse>
{
    /// <summary>Finds the canned response with a shortcut (ordinal, ignoring letter case), whatever its scope.</summary>
    /// <param name="shortcut">The shortcut, without <c>!</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The canned response, or null.</returns>
    ValueTask<CannedResponse?> FindByShortcutAsync(string shortcut, CancellationToken cancellationToken);

    /// <summary>Lists the canned responses matching a query, ordered by shortcut (ordinal, ignoring letter case), then id.</summary>
    /// <param name="query">The conditions.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The matching canned responses.</returns>
    ValueTask<IReadOnlyList<CannedResponse>> QueryAsync(CannedResponseQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a canned response if it is still at the version read.</summary>
    /// <param name="response">The canned response as read.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is deleted.</returns>
    /// <exception cref="ConcurrencyConflictException">It was changed or deleted since it was read.</exception>
    ValueTask DeleteAsync(CannedResponse response, CancellationToken cancellationToken);
}
