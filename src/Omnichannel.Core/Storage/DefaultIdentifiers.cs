using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq.Expressions;
using System.Reflection;

namespace Omnichannel.Storage;

/// <summary>
/// Finds a <c>default(AgentId)</c> (or of any other strongly typed identifier) anywhere in an entity an in-memory store
/// is given, so it refuses what the SQL stores cannot keep: their JSON writes a default identifier as null, which reads
/// back as "none" for an optional one and not at all for a required one. Every store refuses it, with the same message,
/// rather than give back something other than what it was given.
/// </summary>
/// <remarks>
/// Thread-safe. The stored properties of each entity type that may hold an identifier are found once by reflection and read
/// through compiled getters; properties that cannot hold one (text, numbers, times) are never read.
/// </remarks>
internal static class DefaultIdentifiers
{
    private const int MaxDepth = 8;
    private static readonly ConcurrentDictionary<Type, Check[]> Plans = new();
    private static readonly ConcurrentDictionary<Type, bool> Identifiers = new();
    private static readonly ConcurrentDictionary<Type, bool> MayHold = new();

    [ThreadStatic]
    private static HashSet<Type>? _lookingInto;

    /// <summary>Throws when <paramref name="entity"/> holds a default identifier, naming where.</summary>
    /// <exception cref="ArgumentException">A property of <paramref name="entity"/> (or of a record inside it) holds a default identifier.</exception>
    public static void Refuse<TEntity>(TEntity entity, string parameter)
        where TEntity : class
    {
        if (Find(entity, 0) is { } found)
        {
            throw new ArgumentException(Message(typeof(TEntity).Name + found.Path, found.IdType), parameter);
        }
    }

    /// <summary>The refusal every store gives for a default identifier at <paramref name="path"/> (for example <c>Contact.ManagerId</c>).</summary>
    public static string Message(string path, string idType) =>
        $"{path} holds default({idType}), which names nothing; nothing was stored (a store keeps only identifiers it can give back). "
        + $"Make the id with new {idType}(\"...\"), or leave an optional one null.";

    /// <summary>Where below a value a default identifier is (built on the way back, so nothing is allocated when there is none).</summary>
    private static (string Path, string IdType)? Find(object value, int depth)
    {
        var type = value.GetType();
        if (depth >= MaxDepth || !MayHoldIdentifier(type))
        {
            return null;
        }

        if (value is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if ((IsDefaultIdentifier(entry.Key) ?? Find(entry.Key, depth + 1) ?? (entry.Value is null ? null : IsDefaultIdentifier(entry.Value) ?? Find(entry.Value, depth + 1))) is { } found)
                {
                    return ($"[{entry.Key}]{found.Path}", found.IdType);
                }
            }

            return null;
        }

        if (value is IEnumerable items)
        {
            // A default ImmutableArray holds nothing (enumerating it would throw).
            if (value is IList { IsReadOnly: true } && type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>)
                && (bool)type.GetProperty("IsDefault")!.GetValue(value)!)
            {
                return null;
            }

            var index = 0;
            foreach (var item in items)
            {
                if (item is not null && (IsDefaultIdentifier(item) ?? Find(item, depth + 1)) is { } found)
                {
                    return ($"[{index}]{found.Path}", found.IdType);
                }

                index++;
            }

            return null;
        }

        foreach (var check in Plans.GetOrAdd(type, static t => [.. StoredProperties(t).Select(Check.For)]))
        {
            if (check.IsDefault?.Invoke(value) == true)
            {
                return ("." + check.Name, check.IdType!);
            }

            if (check.IndexOfDefault?.Invoke(value) is >= 0 and var index)
            {
                return ($".{check.Name}[{index}]", check.IdType!);
            }

            if ((check.Read?.Invoke(value) is { } held ? Find(held, depth + 1) : check.FindInItems?.Invoke(value)) is { } found)
            {
                return ("." + check.Name + found.Path, found.IdType);
            }
        }

        return null;
    }

    /// <summary>For a boxed identifier: where it is default (an empty path), or null; null too for anything else.</summary>
    private static (string Path, string IdType)? IsDefaultIdentifier(object value)
    {
        var type = value.GetType();
        return IsIdentifier(type) && type.GetProperty("Value")!.GetValue(value) is null ? (string.Empty, type.Name) : null;
    }

    /// <summary>Whether <paramref name="type"/> is a strongly typed identifier: a struct named ...Id around one string <c>Value</c>.</summary>
    private static bool IsIdentifier(Type type) => Identifiers.GetOrAdd(type, static t =>
        t.IsValueType && t.Name.EndsWith("Id", StringComparison.Ordinal) && t.Namespace?.StartsWith("Omnichannel", StringComparison.Ordinal) == true
        && t.GetProperty("Value", BindingFlags.Public | BindingFlags.Instance)?.PropertyType == typeof(string));

    /// <summary>The properties a store keeps (readable and settable, as the storage JSON writes them) that may hold an identifier.</summary>
    private static IEnumerable<PropertyInfo> StoredProperties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(static p => p.GetMethod is { IsPublic: true } && p.SetMethod is not null && p.GetIndexParameters().Length == 0 && MayHoldIdentifier(p.PropertyType))
            .OrderBy(static p => p.MetadataToken);

    private static bool MayHoldIdentifier(Type type) => MayHold.GetOrAdd(type, static t =>
    {
        var underlying = Nullable.GetUnderlyingType(t) ?? t;
        if (IsIdentifier(underlying))
        {
            return true;
        }

        if (underlying == typeof(string) || underlying.IsPrimitive || underlying.IsEnum)
        {
            return false;
        }

        // A collection may hold identifiers when one of its element types may (a dictionary's keys and values both count).
        var elements = (underlying.IsInterface ? [underlying, .. underlying.GetInterfaces()] : underlying.GetInterfaces())
            .Where(static i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))
            .SelectMany(static i => i.GetGenericArguments()[0] is { IsGenericType: true } pair && pair.GetGenericTypeDefinition() == typeof(KeyValuePair<,>)
                ? pair.GetGenericArguments()
                : [i.GetGenericArguments()[0]])
            .ToList();
        if (elements.Count > 0)
        {
            return elements.Exists(static e => e == typeof(object) || MayHoldIdentifier(e));
        }

        // The library's own records (a pending forward, a transfer record...) are looked into when one of their stored
        // properties may hold an identifier; an abstract one or an interface may be any of them. A record that holds itself
        // is taken to hold one.
        if (underlying.Assembly.GetName().Name?.StartsWith("Omnichannel", StringComparison.Ordinal) != true)
        {
            return false;
        }

        if (underlying.IsInterface || underlying.IsAbstract || !(underlying.IsSealed || underlying.IsValueType))
        {
            return true;
        }

        var looking = _lookingInto ??= [];
        if (!looking.Add(underlying))
        {
            return true;
        }

        try
        {
            return StoredProperties(underlying).Any();
        }
        finally
        {
            looking.Remove(underlying);
        }
    });

    /// <summary>
    /// One stored property: an identifier (or optional one) is tested in place by a compiled check, without boxing; anything
    /// else that may hold one (a collection, a record) is read to be looked into.
    /// </summary>
    private sealed record Check(string Name, string? IdType, Func<object, bool>? IsDefault, Func<object, int>? IndexOfDefault, Func<object, object?>? Read, Func<object, (string Path, string IdType)?>? FindInItems = null)
    {
        public static Check For(PropertyInfo property)
        {
            var instance = Expression.Parameter(typeof(object));
            var read = Expression.Property(Expression.Convert(instance, property.DeclaringType!), property);
            var type = property.PropertyType;
            var nullable = Nullable.GetUnderlyingType(type);
            var idType = nullable ?? type;
            if (IsIdentifier(idType))
            {
                // id.Value == null, or for an optional id: id.HasValue && id.GetValueOrDefault().Value == null.
                Expression test = nullable is null
                    ? ValueIsNull(read)
                    : Expression.AndAlso(Expression.Property(read, "HasValue"), ValueIsNull(Expression.Call(read, type.GetMethod("GetValueOrDefault", Type.EmptyTypes)!)));
                return new(property.Name, idType.Name, Expression.Lambda<Func<object, bool>>(test, instance).Compile(), null, null);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>) && type.GetGenericArguments()[0] is var element && IsIdentifier(element))
            {
                // The common collection of identifiers (an agent's departments, who served a conversation): looked through without boxing.
                var indexOf = Expression.Call(typeof(Check).GetMethod(nameof(IndexOfDefaultIn), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(element), read);
                return new(property.Name, element.Name, null, Expression.Lambda<Func<object, int>>(indexOf, instance).Compile(), null);
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ImmutableArray<>))
            {
                // A collection of records (a conversation's transfers): looked into without boxing the array or an enumerator.
                var find = Expression.Call(typeof(Check).GetMethod(nameof(FindIn), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type.GetGenericArguments()[0]), read);
                return new(property.Name, null, null, null, null, Expression.Lambda<Func<object, (string Path, string IdType)?>>(find, instance).Compile());
            }

            return new(property.Name, null, null, null, Expression.Lambda<Func<object, object?>>(Expression.Convert(read, typeof(object)), instance).Compile(), null);
        }

        private static (string Path, string IdType)? FindIn<T>(ImmutableArray<T> items)
        {
            if (!items.IsDefault)
            {
                for (var i = 0; i < items.Length; i++)
                {
                    if (items[i] is { } item && Find(item, 1) is { } found)
                    {
                        return ($"[{i}]{found.Path}", found.IdType);
                    }
                }
            }

            return null;
        }

        private static BinaryExpression ValueIsNull(Expression id) => Expression.Equal(Expression.Property(id, "Value"), Expression.Constant(null, typeof(string)));

        private static int IndexOfDefaultIn<TId>(ImmutableArray<TId> items)
            where TId : struct
        {
            if (!items.IsDefault)
            {
                for (var i = 0; i < items.Length; i++)
                {
                    if (IdValue<TId>.IsDefault(items[i]))
                    {
                        return i;
                    }
                }
            }

            return -1;
        }
    }

    /// <summary>A compiled <c>id.Value == null</c> for one identifier type.</summary>
    private static class IdValue<TId>
        where TId : struct
    {
        public static readonly Func<TId, bool> IsDefault = Compile();

        private static Func<TId, bool> Compile()
        {
            var id = Expression.Parameter(typeof(TId));
            return Expression.Lambda<Func<TId, bool>>(Expression.Equal(Expression.Property(id, "Value"), Expression.Constant(null, typeof(string))), id).Compile();
        }
    }
}
