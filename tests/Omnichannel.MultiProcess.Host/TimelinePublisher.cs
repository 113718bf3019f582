using System.Globalization;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Notifications;

namespace Omnichannel.MultiProcess.Host;

/// <summary>Prints every assignment this process's router made ("routed &lt;id&gt; &lt;agent&gt; &lt;version&gt;"): the test's event timeline.</summary>
internal sealed class TimelinePublisher : IDomainEventPublisher
{
    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        if (domainEvent is ConversationStateChanged { Trigger: ConversationTrigger.Take, Actor.Kind: AuthorKind.System } taken)
        {
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"routed {taken.Conversation.Id} {taken.Conversation.ServingAgentId} {taken.Conversation.Version}"));
        }

        return ValueTask.CompletedTask;
    }
}
