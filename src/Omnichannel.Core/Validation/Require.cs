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

        NoNul(id.Value, nameof(TagId), parameter);
    }

    public static void Id(AgentId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(AgentId), parameter);
        }

        NoNul(id.Value, nameof(AgentId), parameter);
    }

    public static void Id(AgentId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(AgentId), parameter);
        }

        if (id is { } set)
        {
            NoNul(set.Value, nameof(AgentId), parameter);
        }
    }

    public static void Id(ContactId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(ContactId), parameter);
        }

        NoNul(id.Value, nameof(ContactId), parameter);
    }

    public static void Id(ContactId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(ContactId), parameter);
        }

        if (id is { } set)
        {
            NoNul(set.Value, nameof(ContactId), parameter);
        }
    }

    public static void Id(DepartmentId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(DepartmentId), parameter);
        }

        NoNul(id.Value, nameof(DepartmentId), parameter);
    }

    public static void Id(DepartmentId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(DepartmentId), parameter);
        }

        if (id is { } set)
        {
            NoNul(set.Value, nameof(DepartmentId), parameter);
        }
    }

    public static void Id(ConversationId id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id.Value is null)
        {
            throw Default(nameof(ConversationId), parameter);
        }

        NoNul(id.Value, nameof(ConversationId), parameter);
    }

    public static void Id(ConversationId? id, [CallerArgumentExpression(nameof(id))] string? parameter = null)
    {
        if (id is { Value: null })
        {
            throw Default(nameof(ConversationId), parameter);
        }

        if (id is { } set)
        {
            NoNul(set.Value, nameof(ConversationId), parameter);
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
            NoNul(id, $"{actor.Kind} id", parameter);
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

    /// <summary>
    /// An identifier that no store can hold or find faithfully: one with a NUL character (PostgreSQL text refuses it; a
    /// lookup failed there with a PostgresException and answered "not found" elsewhere) or an unpaired surrogate (not
    /// UTF-8: SQLite's driver replaced it with U+FFFD, so a lookup found another entity, and Npgsql threw). Refused the
    /// same way whichever store is registered.
    /// </summary>
    private static void NoNul(string value, string type, string? parameter)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException($"The {type} '{Shorten(value.Replace('\0', '\uFFFD'))}' contains a NUL character (U+0000), which no identifier may hold.", parameter);
        }

        if (HasUnpairedSurrogate(value))
        {
            throw new ArgumentException($"The {type} contains an unpaired surrogate, which is not Unicode text and no identifier may hold.", parameter);
        }
    }

    /// <summary>Whether <paramref name="value"/> holds a surrogate that is not half of a pair (cheap when it holds none).</summary>
    internal static bool HasUnpairedSurrogate(string value)
    {
        var span = value.AsSpan();
        var first = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (first < 0)
        {
            return false;
        }

        for (var i = first; i < span.Length; i++)
        {
            if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(span[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static ArgumentException Default(string type, string? parameter) =>
        new($"The {type} is default({type}), which names nothing; create identifiers with new {type}(\"...\").", parameter);
}
