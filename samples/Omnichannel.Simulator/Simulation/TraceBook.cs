namespace Omnichannel.Simulator.Simulation;

/// <summary>The traces of a run, found by contact (each planned conversation has a contact of its own).</summary>
internal sealed class TraceBook
{
    private readonly Dictionary<ContactId, ConversationTrace> _byContact = [];

    public void Add(ConversationTrace trace) => _byContact.Add(trace.Contact, trace);

    public ConversationTrace Of(ContactId contact) => _byContact[contact];
}
