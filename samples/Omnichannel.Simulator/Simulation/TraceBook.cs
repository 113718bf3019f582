namespace Omnichannel.Simulator.Simulation;

/// <summary>
/// The traces of a run, found by contact: each contact has one conversation at a time (a returning contact writes in
/// only after their previous conversation closed), so the contact's latest trace is the one events are about.
/// </summary>
internal sealed class TraceBook
{
    private readonly Dictionary<ContactId, ConversationTrace> _byContact = [];

    public void Add(ConversationTrace trace) => _byContact[trace.Contact] = trace;

    /// <summary>The contact's latest trace, if they wrote in before.</summary>
    public ConversationTrace? Latest(ContactId contact) => _byContact.GetValueOrDefault(contact);

    public ConversationTrace Of(ContactId contact) => _byContact[contact];
}
