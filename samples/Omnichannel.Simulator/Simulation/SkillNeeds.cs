using System.Collections.Concurrent;
using System.Collections.Immutable;
using Omnichannel.Conversations;
using Omnichannel.Routing.Algorithms;
using Omnichannel.Simulator.Demand;

namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// What each contact's current conversation needs (skills scenario), set by the floor when the contact writes in and read
/// by the router through <c>RoutingOptions.RequiredSkills</c>.
/// </summary>
/// <remarks>Thread-safe: the router may read it from its dispatcher.</remarks>
internal sealed class SkillNeeds
{
    private readonly ConcurrentDictionary<ContactId, ImmutableArray<SkillRequirement>> _byContact = new();

    public void Set(ContactId contact, int skill, int level) => _byContact[contact] = [new SkillRequirement(SkillPlan.Names[skill], level)];

    public ImmutableArray<SkillRequirement> Of(Conversation conversation) =>
        _byContact.TryGetValue(conversation.ContactId, out var needs) ? needs : [];
}
