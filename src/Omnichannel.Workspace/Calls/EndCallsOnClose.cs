using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Notifications;

namespace Omnichannel.Workspace.Calls;

/// <summary>
/// Hears every close stored in this process (whoever closed: an agent, the contact, the system's timeouts) and ends the
/// conversation's active call. A publisher rather than a subscriber because ending a call is I/O (the call app, the call
/// store), which a subscriber must not do on the closing thread; publishers run after the write, each isolated, so the
/// close is stored and answered whatever happens here. What a lost event leaves (the process stopped, the caller cancelled)
/// is ended the next time the call is read (<see cref="CallService.GetActiveCallAsync"/>).
/// </summary>
/// <remarks>Thread-safe. It resolves <see cref="ClosedConversationCalls"/> on first use: the event bus is built with its
/// publishers, and a host's call app may itself depend on the conversation service, so a constructor dependency could
/// make a cycle.</remarks>
internal sealed class EndCallsOnClose(IServiceProvider services) : IDomainEventPublisher
{
    private ClosedConversationCalls? _calls;

    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken) =>
        domainEvent is ConversationStateChanged { To: ConversationState.Closed } closed
            ? EndCallAsync(closed.Conversation.Id, cancellationToken)
            : default; // every other event: nothing to do, no state machine

    private async ValueTask EndCallAsync(ConversationId conversation, CancellationToken cancellationToken)
    {
        var calls = _calls ??= services.GetRequiredService<ClosedConversationCalls>();
        await calls.EndAsync(conversation, cancellationToken).ConfigureAwait(false);
    }
}
