namespace Omnichannel.Conversations;

/// <summary>Who wrote a message.</summary>
public enum AuthorKind
{
    /// <summary>The customer.</summary>
    Contact = 0,

    /// <summary>An agent or manager serving or invited to the conversation.</summary>
    Agent = 1,

    /// <summary>The library or host (transfers, holds, calls); not a reply to anyone.</summary>
    System = 2,

    /// <summary>An automated agent.</summary>
    Bot = 3,
}
