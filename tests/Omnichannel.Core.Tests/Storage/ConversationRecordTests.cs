using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;

namespace Omnichannel.Core.Tests.Storage;

/// <summary>
/// The record stores its nullable times and agent ids compactly (session 6): every property must read back what was set,
/// null included, and records with the same properties must be equal with the same hash, however they were built.
/// </summary>
public sealed class ConversationRecordTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 11, 30, 6, 30, 15).PlusNanoseconds(123_456_789);

    private static Conversation New() => new()
    {
        Id = new ConversationId("c1"),
        ContactId = Ids.Dave,
        DepartmentId = Ids.Support,
        CreatedAt = At,
        QueuedAt = At,
    };

    public static TheoryData<string> Properties =>
        ["ServingAgentId", "PreviousAgentId", "ContactWaitingSince", "FirstResponseTime", "FirstTakenAt", "OnHoldSince", "ClosedAt", "ServiceLevelDueAt"];

    private static Conversation Set(Conversation c, string property, bool present) => property switch
    {
        "ServingAgentId" => c with { ServingAgentId = present ? Ids.Alice : null },
        "PreviousAgentId" => c with { PreviousAgentId = present ? Ids.Bob : null },
        "ContactWaitingSince" => c with { ContactWaitingSince = present ? At : null },
        "FirstResponseTime" => c with { FirstResponseTime = present ? Duration.FromNanoseconds(-1) : null },
        "FirstTakenAt" => c with { FirstTakenAt = present ? Instant.MinValue : null },
        "OnHoldSince" => c with { OnHoldSince = present ? Instant.MaxValue : null },
        "ClosedAt" => c with { ClosedAt = present ? NodaConstants.UnixEpoch : null },
        "ServiceLevelDueAt" => c with { ServiceLevelDueAt = present ? At + Duration.FromDays(-40_000) : null },
        _ => throw new ArgumentOutOfRangeException(nameof(property)),
    };

    private static object? Get(Conversation c, string property) => typeof(Conversation).GetProperty(property)!.GetValue(c);

    [Theory]
    [MemberData(nameof(Properties))]
    public void A_compact_property_reads_back_what_was_set_and_null_again_after_it(string property)
    {
        var empty = New();
        Assert.Null(Get(empty, property));

        var set = Set(empty, property, present: true);
        Assert.Equal(Get(Set(New(), property, present: true), property), Get(set, property));
        Assert.NotNull(Get(set, property));
        Assert.NotEqual(empty, set);

        var cleared = Set(set, property, present: false);
        Assert.Null(Get(cleared, property));
        Assert.Equal(empty, cleared);
        Assert.Equal(empty.GetHashCode(), cleared.GetHashCode());
    }

    [Fact]
    public void Records_with_the_same_properties_are_equal_whatever_their_history()
    {
        var direct = New() with { ServingAgentId = Ids.Alice, FirstTakenAt = At, ContactWaitingSince = null, FirstResponseTime = Duration.Zero };
        var built = New() with { ContactWaitingSince = At, ServingAgentId = Ids.Bob, FirstResponseTime = null };
        built = built with { ContactWaitingSince = null, ServingAgentId = Ids.Alice, FirstTakenAt = At, FirstResponseTime = Duration.Zero };

        Assert.Equal(direct, built);
        Assert.Equal(direct.GetHashCode(), built.GetHashCode());
        Assert.Equal(Ids.Alice, direct.ServingAgentId);
        Assert.Equal(Duration.Zero, direct.FirstResponseTime);
        Assert.NotEqual(direct, direct with { FirstResponseTime = null });
        Assert.NotEqual(direct, direct with { ClosedAt = NodaConstants.UnixEpoch });
    }
}
