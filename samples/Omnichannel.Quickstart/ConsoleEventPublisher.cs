using Omnichannel.Notifications;

namespace Omnichannel.Quickstart;

/// <summary>Prints every domain event: what a host would push to agents' screens.</summary>
internal sealed class ConsoleEventPublisher : IDomainEventPublisher
{
    public ValueTask PublishAsync(DomainEvent domainEvent, CancellationToken cancellationToken)
    {
        var line = domainEvent switch
        {
            ConversationQueued e => $"queued {e.Conversation.Id} in {e.Conversation.DepartmentId}; alert: {string.Join(", ", e.AgentsToAlert)}",
            ConversationStateChanged e => $"{e.Conversation.Id}: {e.From} -> {e.To} ({e.Trigger} by {e.Actor})",
            MessagePosted e => $"{e.Message.AuthorKind} {e.Message.AuthorId}: {e.Message.Text}",
            ForwardCompleted e => $"forward {(e.Result.Succeeded ? "succeeded" : "failed")}: {e.Result.Message}",
            _ => domainEvent.GetType().Name,
        };
        Console.WriteLine($"   [event] {line}");
        return ValueTask.CompletedTask;
    }
}
