using Microsoft.Extensions.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>A forward to a department racing the contact's first message there.</summary>
public sealed class ForwardRaceTests
{
    [Fact]
    public async Task A_forward_racing_the_contacts_first_message_in_the_target_fails_back_instead_of_throwing()
    {
        using var desk = await OmnichannelHarness.CreateAsync(services: s => s.AddSingleton<IConversationStore>(sp =>
            new FirstMessageRacingStore(sp.GetRequiredService<InMemoryConversationStore>(), Ids.Dave, Ids.Sales)));
        var conversation = (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "Hello")).Ok();
        (await desk.Conversations.TakeAsync(conversation.Id, Ids.Alice)).Ok();

        var result = (await desk.Conversations.ForwardAsync(conversation.Id, Ids.Alice, ForwardTarget.ToDepartment(Ids.Sales))).Ok();

        Assert.Equal(ForwardFailureReason.NotAllowed, result.FailureReason);
        Assert.Contains("already has an open conversation there", result.Message, StringComparison.Ordinal);
        var stored = await desk.Conversations.GetAsync(conversation.Id);
        Assert.Equal((ConversationState.Taken, Ids.Alice, Ids.Support), (stored!.State, stored.ServingAgentId, stored.DepartmentId));
    }

    /// <summary>Just before the forward's completion is written, the contact's first message opens a conversation in the target.</summary>
    private sealed class FirstMessageRacingStore(InMemoryConversationStore inner, ContactId contact, DepartmentId target) : IConversationStore
    {
        private bool _raced;

        public ValueTask<Conversation?> GetAsync(ConversationId id, CancellationToken cancellationToken) => inner.GetAsync(id, cancellationToken);

        public ValueTask<(Conversation Conversation, bool Created)> CreateOrGetOpenAsync(ConversationWrite write, CancellationToken cancellationToken) =>
            inner.CreateOrGetOpenAsync(write, cancellationToken);

        public ValueTask<IReadOnlyList<Message>> ReadMessagesAsync(ConversationId id, int afterSequence, int limit, CancellationToken cancellationToken) =>
            inner.ReadMessagesAsync(id, afterSequence, limit, cancellationToken);

        public async ValueTask<Conversation> SaveAsync(ConversationWrite write, CancellationToken cancellationToken)
        {
            var next = write.Conversation;
            if (!_raced && next.ContactId == contact && next.DepartmentId == target && next.State == ConversationState.Queued)
            {
                _raced = true;
                await inner.CreateOrGetOpenAsync(new ConversationWrite(new Conversation { Id = new ConversationId("raced-in"), ContactId = contact, DepartmentId = target, CreatedAt = next.QueuedAt, QueuedAt = next.QueuedAt }), cancellationToken);
            }

            return await inner.SaveAsync(write, cancellationToken);
        }

        public ValueTask<IReadOnlyList<Conversation>> QueryAsync(ConversationQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

        public ValueTask<int> CountServedAsync(AgentId agent, DepartmentId? department, bool countOnHold, CancellationToken cancellationToken) =>
            inner.CountServedAsync(agent, department, countOnHold, cancellationToken);
    }
}
