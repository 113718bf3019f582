namespace Omnichannel.Conversations;

/// <summary>
/// The text of a system notice that starts with an agent's name ("Alice Martin joined the conversation."), built once per
/// name and then reused: an agent takes and closes many conversations, and each of them stores its notice (a routed drain
/// of 100,000 conversations built 100,000 such strings for 10,000 names). A direct-mapped table of the texts last built,
/// one slot per hash of the name, so it stays bounded whatever the number of agents: a slot holding another name's text
/// is a miss, which builds the text as before and takes the slot. Strings are immutable, so a reused text is exactly the
/// text that would have been built.
/// </summary>
/// <remarks>Thread-safe: a slot holds one whole string, read and replaced atomically; a slot is only ever a cache.</remarks>
internal sealed class AgentNoticeTexts
{
    private const int Slots = 4096; // a power of two: 32 KB of references per suffix

    private readonly string _suffix;
    private readonly string?[] _texts = new string?[Slots];

    /// <summary>A table for the notices <c>{name}{suffix}</c>.</summary>
    public AgentNoticeTexts(string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        _suffix = suffix;
    }

    /// <summary><paramref name="name"/> followed by the suffix: the text last built for that name when its slot still holds it.</summary>
    public string For(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        ref var slot = ref _texts[name.GetHashCode() & (Slots - 1)];
        var text = Volatile.Read(ref slot);
        // Every text in the table ends with the suffix, so the same length and the same start are the same text.
        if (text is not null && text.Length == name.Length + _suffix.Length && text.AsSpan(0, name.Length).SequenceEqual(name))
        {
            return text;
        }

        text = string.Concat(name, _suffix);
        Volatile.Write(ref slot, text);
        return text;
    }
}
