using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Storage;
using static Omnichannel.Core.Tests.TestSupport.Synchronously;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>
/// The real services over the in-memory stores, set up as <see cref="DeskWorld"/>, plus what the test observed:
/// the conversation ids in creation order (the model numbers conversations the same way) and each closed
/// conversation as it was when it closed.
/// </summary>
internal sealed class DeskUnderTest : IDisposable
{

    private readonly List<ConversationId> _created = [];
    private readonly Dictionary<ConversationId, Conversation> _closed = [];

    private DeskUnderTest(bool countOnHold)
    {
        Desk = new OmnichannelHarness(o => o.CountOnHoldTowardCapacity = countOnHold);
        foreach (var department in DeskWorld.Departments)
        {
            Wait(Desk.Departments.SaveAsync(department)).Ok();
        }

        foreach (var agent in DeskWorld.Agents.Append(DeskWorld.User))
        {
            Wait(Desk.Agents.RegisterAsync(agent)).Ok();
        }

        foreach (var contact in DeskWorld.Contacts)
        {
            Desk.ContactAsync(contact).GetAwaiter().GetResult();
        }
    }

    public OmnichannelHarness Desk { get; }

    public static DeskUnderTest Create(bool countOnHold) => new(countOnHold);

    public ConversationId Id(int index) => _created[index];

    /// <summary>Records the id of a conversation the model says was just created as number <paramref name="index"/>.</summary>
    public void Created(int index, ConversationId id)
    {
        Assert.True(_created.Count == index, $"The model numbers the new conversation #{index} but {_created.Count} were created before.");
        Assert.DoesNotContain(id, _created);
        _created.Add(id);
    }

    /// <summary>
    /// The invariants, after every step: no conversation lost and each in the state the model says; none served by two
    /// agents; no agent over capacity; closed is final; on hold only after the agent's last message; at most one open
    /// conversation per contact and department.
    /// </summary>
    public void CheckInvariants(DeskModel model)
    {
        Assert.Equal(model.Conversations.Count, _created.Count);
        var actual = new List<Conversation>(_created.Count);
        for (var i = 0; i < _created.Count; i++)
        {
            var stored = Wait(Desk.Store.GetAsync(_created[i], default));
            Assert.True(stored is not null, $"Conversation #{i} '{_created[i]}' is lost.");
            var expected = model.Conversations[i];
            var seen = new ModelConversation(stored.ContactId, stored.DepartmentId, stored.State, stored.ServingAgentId, stored.LastAuthorKind);
            Assert.True(expected == seen, $"Conversation #{i} is {seen} but the model says {expected}.");
            actual.Add(stored);
        }

        CheckClosedIsFinal(actual);
        CheckServedByOneAgentWithinCapacity(model, actual);
        CheckOnHoldFollowsAnAgentMessage(actual);
        CheckOneOpenConversationPerContactAndDepartment(actual);
    }

    private void CheckClosedIsFinal(List<Conversation> actual)
    {
        foreach (var conversation in actual)
        {
            if (_closed.TryGetValue(conversation.Id, out var whenClosed))
            {
                Assert.True(whenClosed == conversation, $"Closed conversation '{conversation.Id}' changed after it closed (version {whenClosed.Version} -> {conversation.Version}, {conversation.State}).");
            }
            else if (conversation.State == ConversationState.Closed)
            {
                _closed.Add(conversation.Id, conversation);
            }
        }
    }

    private void CheckServedByOneAgentWithinCapacity(DeskModel model, List<Conversation> actual)
    {
        var servedBy = new Dictionary<ConversationId, AgentId>();
        foreach (var agent in DeskWorld.Agents)
        {
            var served = Wait(Desk.Store.QueryAsync(new ConversationQuery { ServingAgentId = agent.Id, States = OpenStates.All }, default));
            foreach (var conversation in served)
            {
                Assert.True(servedBy.TryAdd(conversation.Id, agent.Id), $"Conversation '{conversation.Id}' is served by both '{servedBy.GetValueOrDefault(conversation.Id)}' and '{agent.Id}'.");
            }

            var occupying = served.Where(c => c.OccupiesServingAgent(model.CountOnHold)).ToList();
            Assert.True(agent.MaxSimultaneousConversations <= 0 || occupying.Count <= agent.MaxSimultaneousConversations,
                $"Agent '{agent.Id}' serves {occupying.Count} conversations, over their limit of {agent.MaxSimultaneousConversations}.");
            foreach (var department in DeskWorld.Departments.Where(d => d.MaxChatsPerAgent > 0))
            {
                var inDepartment = occupying.Count(c => c.DepartmentId == department.Id);
                Assert.True(inDepartment <= department.MaxChatsPerAgent,
                    $"Agent '{agent.Id}' serves {inDepartment} conversations of '{department.Id}', over its limit of {department.MaxChatsPerAgent}.");
            }
        }

        foreach (var conversation in actual.Where(c => c.IsOpen))
        {
            var served = conversation.State is ConversationState.Taken or ConversationState.OnHold or ConversationState.Forwarded;
            Assert.True(served == conversation.ServingAgentId.HasValue, $"Conversation '{conversation.Id}' is {conversation.State} with serving agent '{conversation.ServingAgentId}'.");
            Assert.True(servedBy.GetValueOrDefault(conversation.Id) == conversation.ServingAgentId.GetValueOrDefault(),
                $"Conversation '{conversation.Id}' names agent '{conversation.ServingAgentId}' but the store lists it under '{servedBy.GetValueOrDefault(conversation.Id)}'.");
        }
    }

    private void CheckOnHoldFollowsAnAgentMessage(List<Conversation> actual)
    {
        foreach (var conversation in actual.Where(c => c.State == ConversationState.OnHold))
        {
            var messages = Wait(Desk.Store.ReadMessagesAsync(conversation.Id, 0, int.MaxValue, default));
            Assert.Equal(conversation.MessageCount, messages.Count);
            var lastReply = messages.LastOrDefault(m => m.AuthorKind is AuthorKind.Contact or AuthorKind.Agent);
            Assert.True(lastReply?.AuthorKind == AuthorKind.Agent, $"Conversation '{conversation.Id}' is on hold but the last message is the contact's.");
        }
    }

    private static void CheckOneOpenConversationPerContactAndDepartment(List<Conversation> actual)
    {
        foreach (var group in actual.Where(c => c.IsOpen).GroupBy(c => (c.ContactId, c.DepartmentId)))
        {
            Assert.True(group.Count() == 1, $"Contact '{group.Key.ContactId}' has {group.Count()} open conversations in '{group.Key.DepartmentId}'.");
        }
    }

    public void Dispose() => Desk.Dispose();
}
