using Omnichannel.Conversations;

namespace Omnichannel.Testing;

/// <summary>
/// Makes predictable conversation identifiers for tests: <c>c-1</c>, <c>c-2</c>, ... (the prefix is
/// configurable), so a test can name the conversation a contact's first message will start. Register it before
/// <c>AddOmnichannel</c> (<c>services.AddSingleton&lt;IConversationIdGenerator&gt;(generator)</c>).
/// </summary>
/// <remarks>
/// This type is thread-safe: concurrent calls get distinct identifiers; which caller gets which number is
/// decided by the race.
/// </remarks>
public sealed class SequentialConversationIdGenerator : IConversationIdGenerator
{
    private long _issued;

    /// <summary>Creates a generator whose first identifier is <c>{prefix}1</c>.</summary>
    /// <param name="prefix">Put before each number. Default: <c>c-</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="prefix"/> is null.</exception>
    public SequentialConversationIdGenerator(string prefix = "c-")
    {
        ArgumentNullException.ThrowIfNull(prefix);
        Prefix = prefix;
    }

    /// <summary>The text put before each number.</summary>
    public string Prefix { get; }

    /// <summary>How many identifiers were issued so far; the last one issued ends with this number.</summary>
    public long Issued => Interlocked.Read(ref _issued);

    /// <summary>Returns the next identifier: <c>{prefix}1</c>, then <c>{prefix}2</c>, ...</summary>
    /// <returns>A new identifier.</returns>
    public ConversationId NewId() => new(string.Concat(Prefix, Interlocked.Increment(ref _issued).ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
