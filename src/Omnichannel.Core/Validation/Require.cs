using System.Runtime.CompilerServices;
using Omnichannel.Conversations;

namespace Omnichannel.Validation;

/// <summary>
/// Refuses caller bugs with <see cref="ArgumentException"/> before anything is read or written: a default identifier
/// (<c>default(AgentId)</c> names nothing: identifiers are made with their constructor, which refuses blank text) and a
/// default <see cref="Actor"/>. Every public operation calls these first, so a default can never reach a store, be
/// taken for "no agent" or be indexed under a null key.
/// </summary>
internal static partial class Require
{
    public static void Id(TagId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(TagId), parameter);
        }

        UnicodeText.RequireStorableIdentifier(id.Value, nameof(TagId), parameter);
    }

    public static void Id(AgentId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(AgentId), parameter);
        }

        UnicodeText.RequireStorableIdentifier(id.Value, nameof(AgentId), parameter);
    }

    public static void Id(AgentId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(AgentId), parameter);
        }

        if (id is { } set)
        {
            UnicodeText.RequireStorableIdentifier(set.Value, nameof(AgentId), parameter);
        }
    }

    public static void Id(ContactId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(ContactId), parameter);
        }

        UnicodeText.RequireStorableIdentifier(id.Value, nameof(ContactId), parameter);
    }

    public static void Id(ContactId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(ContactId), parameter);
        }

        if (id is { } set)
        {
            UnicodeText.RequireStorableIdentifier(set.Value, nameof(ContactId), parameter);
        }
    }

    public static void Id(DepartmentId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(DepartmentId), parameter);
        }

        UnicodeText.RequireStorableIdentifier(id.Value, nameof(DepartmentId), parameter);
    }

    public static void Id(DepartmentId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(DepartmentId), parameter);
        }

        if (id is { } set)
        {
            UnicodeText.RequireStorableIdentifier(set.Value, nameof(DepartmentId), parameter);
        }
    }

    public static void Id(ConversationId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(ConversationId), parameter);
        }

        UnicodeText.RequireStorableIdentifier(id.Value, nameof(ConversationId), parameter);
    }

    public static void Id(ConversationId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(ConversationId), parameter);
        }

        if (id is { } set)
        {
            UnicodeText.RequireStorableIdentifier(set.Value, nameof(ConversationId), parameter);
        }
    }

    /// <summary>An actor built by <see cref="Actor.Agent"/>, <see cref="Actor.Contact"/> or <see cref="Actor.System"/>: never <c>default(Actor)</c>.</summary>
    public static void Valid(Actor actor, [CallerArgumentExpression(nameof(actor))] string? parameter = null)
    {
        var valid = actor.Kind switch
        {
            AuthorKind.Agent or AuthorKind.Contact => actor.Id is not null,
            AuthorKind.System => actor.Id is null,
            _ => false,
        };
        if (!valid)
        {
            throw new ArgumentException(
                $"The actor is not one the library built (kind {actor.Kind}, id {(actor.Id is null ? "none" : $"'{Shorten(actor.Id)}'")}): use Actor.Agent(id), Actor.Contact(id) or Actor.System, never default(Actor).",
                parameter);
        }

        if (actor.Id is { } id)
        {
            UnicodeText.RequireStorableIdentifier(id, $"{actor.Kind} id", parameter);
        }
    }

    /// <summary>An identifier about to be stored as a new entity's: not default, bounded, one line of valid Unicode.</summary>
    public static void Storable(string? value, string type, int maxLength, [CallerArgumentExpression(nameof(value))] string? parameter = null)
    {
        if (value is null)
        {
            throw Default(type, parameter);
        }

        if (value.Length > maxLength)
        {
            throw new ArgumentException($"The {type} '{Shorten(value)}' has {value.Length} characters; at most {maxLength} are accepted. The limit is OmnichannelOptions.MaxIdLength.", parameter);
        }

        if (TextRules.FirstInvalid(value, singleLine: true) is { } invalid)
        {
            throw new ArgumentException($"The {type} '{Shorten(value)}' contains {invalid}; an identifier is one line of valid Unicode.", parameter);
        }
    }

    /// <summary>At most 40 characters of a caller's text, for messages that quote it (a 1 MB value must not make a 1 MB message).</summary>
    public static string Shorten(string? text) => text is null ? string.Empty : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");

    private static ArgumentException Default(string type, string? parameter) =>
        new($"The {type} is default({type}), which names nothing; create identifiers with new {type}(\"...\").", parameter);
}
