using System.Runtime.CompilerServices;
using Omnichannel.Conversations;

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

        RequireNoNul(id.Value, nameof(ConversationId), parameter);
    }

    public static void RequireId(AgentId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw new ArgumentException("The AgentId is default(AgentId), which names nobody; create identifiers with new AgentId(\"...\").", parameter);
        }

        RequireNoNul(id.Value, nameof(AgentId), parameter);
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
            RequireNoNul(id, $"{actor.Kind} id", parameter);
        }
    }

    /// <summary>
    /// An identifier with a NUL character or an unpaired surrogate names nothing any store can hold faithfully (PostgreSQL text
    /// refuses NUL; SQLite's driver turns a lone surrogate into U+FFFD): refused the same way whichever store is registered,
    /// as Core's operations do.
    /// </summary>
    private static void RequireNoNul(string value, string type, string? parameter)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {type} contains a NUL character (U+0000), which no identifier may hold.", parameter);
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new ArgumentException($"The {type} contains an unpaired surrogate, which is not Unicode text and no identifier may hold.", parameter);
            }
        }
    }
}
