using System.Collections.Immutable;

namespace Omnichannel.Workspace.Search;

/// <summary>The matches of a message search, in conversation order, then message order, then position.</summary>
/// <param name="Matches">Every match found (zero-length regular-expression matches are left out: there is nothing to highlight).</param>
/// <param name="MessagesSearched">How many messages were searched.</param>
/// <param name="Truncated">True when the search stopped at <see cref="MessageSearchQuery.MaxMatches"/>; later messages may match too.</param>
/// <remarks>This type is immutable and thread-safe.</remarks>
public sealed record MessageSearchResult(ImmutableArray<MessageMatch> Matches, int MessagesSearched, bool Truncated);
