namespace Omnichannel.Conversations;

/// <summary>
/// Who performs an operation: an agent, a contact, or the system (timers, routing, the host). Build one with
/// <see cref="Agent"/>, <see cref="Contact"/> or <see cref="System"/>; operations refuse <c>default(Actor)</c> with an
/// <see cref="ArgumentException"/>.
/// </summary>
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
    /// <exception cref="ArgumentException"><paramref name="agent"/> is <c>default(AgentId)</c>, which names nobody.</exception>
    public static Actor Agent(AgentId agent)
    {
        Validation.Require.Id(agent);
        return new(AuthorKind.Agent, agent.Value);
    }

    /// <summary>A contact.</summary>
    /// <param name="contact">The contact.</param>
    /// <exception cref="ArgumentException"><paramref name="contact"/> is <c>default(ContactId)</c>, which names nobody.</exception>
    public static Actor Contact(ContactId contact)
    {
        Validation.Require.Id(contact);
        return new(AuthorKind.Contact, contact.Value);
    }

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
