using Omnichannel.Agents;
using Omnichannel.Outbox;

namespace Omnichannel.Conversations;

/// <summary>
/// Adds outbox jobs to the atomic write that closes a conversation, so that work a close asks for (a transcript to
/// email, a PDF to export) is stored with the close or not at all. Register any number in the service collection
/// (<c>services.TryAddEnumerable(...)</c>); <see cref="IConversationService.CloseAsync"/> asks each, in registration
/// order. None are registered by default.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe. One close may ask more than once (the write conflicts with a concurrent
/// change and the close is decided again), so a contributor only returns jobs and has no side effects; each job
/// needs an id that stays the same for the same close, so that a close can never store it twice.
/// </remarks>
public interface IConversationCloseContributor
{
    /// <summary>Returns the jobs to store with the close.</summary>
    /// <param name="closed">
    /// The conversation as the close will store it: Closed, with its closing time, closer, tags, comment and
    /// <see cref="Conversation.TranscriptChoices"/>; its <see cref="Conversation.Version"/> is still the version read.
    /// </param>
    /// <param name="closer">The agent who closes it; null when the contact or the system closes it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The jobs (pending, version 0); empty for none.</returns>
    ValueTask<IReadOnlyList<OutboxMessage>> GetCloseJobsAsync(Conversation closed, Agent? closer, CancellationToken cancellationToken);
}
