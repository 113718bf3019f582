namespace Omnichannel.Conversations;

/// <summary>Who performs an operation: an agent, a contact, or the system (timers, routing, the host).</summary>
/// <remarks>This type is an immutable value and is thread-safe.</remarks>
public readonly record struct Actor
{
    private Actor(AuthorKind kind, string? id)
    {
        Kind = kind;
        Id = id;
    }

    /// <summary>The kind of actor: <see cref="AuthorKind.Agent"/>, <see cref="AuthorKind.Contact"/> or <see cref="AuthorKind.System"/>.</summary>
    public AuthorKind Kind { get; }

    /// <summary>The agent's or contact's identifier; null for the system.</summary>
    public string? Id { get; }

    /// <summary>The system (routing, timers, the host itself).</summary>
    public static Actor System => new(AuthorKind.System, null);

    /// <summary>An agent or manager.</summary>
    /// <param name="agent">The agent.</param>
    public static Actor Agent(AgentId agent) => new(AuthorKind.Agent, agent.Value);

    /// <summary>A contact.</summary>
    /// <param name="contact">The contact.</param>
    public static Actor Contact(ContactId contact) => new(AuthorKind.Contact, contact.Value);

    /// <summary>The agent's id when this actor is an agent.</summary>
    public AgentId? AgentId => Kind == AuthorKind.Agent && Id is not null ? new AgentId(Id) : null;

    /// <summary>"agent 'x'", "contact 'y'" or "the system", for messages.</summary>
    public override string ToString() => Kind switch
    {
        AuthorKind.Agent => $"agent '{Id}'",
        AuthorKind.Contact => $"contact '{Id}'",
        _ => "the system",
    };
}
