using System.Runtime.CompilerServices;
using Omnichannel.Conversations;
using Omnichannel.Validation;

namespace Omnichannel.Transcripts;

/// <summary>
/// Refuses caller bugs with <see cref="ArgumentException"/> before anything is read or written, as Core's operations do:
/// a default identifier (<c>default(ConversationId)</c> names nothing) and a default <see cref="Actor"/>.
/// </summary>
internal static class Arguments
{
    public static void RequireId(ConversationId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw new ArgumentException("The ConversationId is default(ConversationId), which names nothing; create identifiers with new ConversationId(\"...\").", parameter);
        }

        UnicodeText.RequireStorableIdentifier(id.Value, nameof(ConversationId), parameter);
    }

    public static void RequireId(AgentId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw new ArgumentException("The AgentId is default(AgentId), which names nobody; create identifiers with new AgentId(\"...\").", parameter);
        }

        UnicodeText.RequireStorableIdentifier(id.Value, nameof(AgentId), parameter);
    }

    public static void RequireActor(Actor actor, [CallerArgumentExpression(nameof(actor))] string? parameter = null)
    {
        var valid = actor.Kind switch
        {
            AuthorKind.Agent or AuthorKind.Contact => actor.Id is not null,
            AuthorKind.System => actor.Id is null,
            _ => false,
        };
        if (!valid)
        {
            throw new ArgumentException("The actor is not one the library built: use Actor.Agent(id), Actor.Contact(id) or Actor.System, never default(Actor).", parameter);
        }

        if (actor.Id is { } id)
        {
            UnicodeText.RequireStorableIdentifier(id, $"{actor.Kind} id", parameter);
        }
    }

}
