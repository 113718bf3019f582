using System.Collections.Immutable;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Storage.Shared;

namespace Omnichannel.Storage.Sqlite.Tests;

/// <summary>Edges of the shared codec that the conformance data does not reach.</summary>
public sealed class StorageJsonTests
{
    public static TheoryData<Actor> Actors => [Actor.System, Actor.Agent(new AgentId("a-1")), Actor.Contact(new ContactId("k-1")), default];

    [Theory]
    [MemberData(nameof(Actors))]
    public void Every_actor_round_trips(Actor actor) =>
        Assert.Equal(actor, StorageJson.Deserialize<Actor>(StorageJson.Serialize(actor)));

    [Fact]
    public void Forward_targets_round_trip_including_the_default_one()
    {
        foreach (var target in new[] { ForwardTarget.ToAgent(new AgentId("a-1")), ForwardTarget.ToDepartment(new DepartmentId("d-1")), default })
        {
            Assert.Equal(target, StorageJson.Deserialize<ForwardTarget>(StorageJson.Serialize(target)));
        }
    }

    [Fact]
    public void Instants_and_durations_round_trip_to_the_nanosecond_over_their_whole_range()
    {
        foreach (var instant in new[] { Instant.MinValue, Instant.MaxValue, NodaConstants.UnixEpoch, Instant.FromUtc(2026, 1, 5, 9, 0).PlusNanoseconds(1), NodaConstants.UnixEpoch.PlusNanoseconds(-1) })
        {
            Assert.Equal(instant, StorageJson.Deserialize<Instant>(StorageJson.Serialize(instant)));
        }

        foreach (var duration in new[] { Duration.MinValue, Duration.MaxValue, Duration.Zero, Duration.FromNanoseconds(-1), Duration.FromDays(3) + Duration.FromNanoseconds(7) })
        {
            Assert.Equal(duration, StorageJson.Deserialize<Duration>(StorageJson.Serialize(duration)));
        }
    }

    [Fact]
    public void Instants_use_the_extended_ISO_text_and_read_any_text_of_that_pattern()
    {
        var at = Instant.FromUtc(2026, 1, 5, 9, 0);

        Assert.Equal("\"2026-01-05T09:00:00Z\"", StorageJson.Serialize(at));
        Assert.Equal("\"2026-01-05T09:00:00.12Z\"", StorageJson.Serialize(at.PlusNanoseconds(120_000_000)));
        Assert.Equal("\"2026-01-05T09:00:00.000000001Z\"", StorageJson.Serialize(at.PlusNanoseconds(1)));
        Assert.Equal(at.PlusNanoseconds(100), StorageJson.Deserialize<Instant>("\"2026-01-05T09:00:00.0000001Z\""));
        Assert.Equal(Instant.FromUtc(2024, 2, 29, 23, 59, 59), StorageJson.Deserialize<Instant>("\"2024-02-29T23:59:59Z\""));
        Assert.Throws<System.Text.Json.JsonException>(() => StorageJson.Deserialize<Instant>("\"2025-02-29T00:00:00Z\""));
        Assert.Throws<System.Text.Json.JsonException>(() => StorageJson.Deserialize<Instant>("\"2025-02-28T00:00:00.Z\""));
        var random = new Random(42);
        for (var i = 0; i < 2000; i++)
        {
            // Any tick of years 1 to 9999, plus any nanoseconds within it; every third one on a whole second.
            var instant = Instant.FromUnixTimeTicks(random.NextInt64(-621_355_968_000_000_000, 2_534_023_007_990_000_000)).PlusNanoseconds(random.Next(100));
            instant = i % 3 == 0 ? Instant.FromUnixTimeSeconds(instant.ToUnixTimeSeconds()) : instant;
            var json = StorageJson.Serialize(instant);
            Assert.Equal(NodaTime.Text.InstantPattern.ExtendedIso.Format(instant), json.Trim('"'));
            Assert.Equal(instant, StorageJson.Deserialize<Instant>(json));
        }
    }

    [Fact]
    public void Unix_nanoseconds_round_trip_and_refuse_instants_out_of_range()
    {
        foreach (var instant in new[] { NodaConstants.UnixEpoch.PlusNanoseconds(long.MinValue), NodaConstants.UnixEpoch.PlusNanoseconds(long.MaxValue), NodaConstants.UnixEpoch.PlusNanoseconds(-1) })
        {
            Assert.Equal(instant, StorageTime.FromUnixNanoseconds(StorageTime.ToUnixNanoseconds(instant, "x")));
        }

        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => StorageTime.ToUnixNanoseconds(Instant.MaxValue, "the due time of job 'j-1'"));
        Assert.Contains("the due time of job 'j-1'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_immutable_array_is_written_as_an_empty_one()
    {
        var message = new Message { Sequence = 1, AuthorKind = AuthorKind.Contact, Text = "x", SentAt = NodaConstants.UnixEpoch, Attachments = default };

        var read = StorageJson.Deserialize<Message>(StorageJson.Serialize(message));

        Assert.False(read.Attachments.IsDefault);
        Assert.Empty(read.Attachments);
    }

    [Fact]
    public void Identifiers_are_plain_strings_and_computed_properties_are_not_written()
    {
        var json = StorageJson.Serialize(new Conversation
        {
            Id = new ConversationId("c-1"),
            ContactId = new ContactId("k-1"),
            DepartmentId = new DepartmentId("d-1"),
            CreatedAt = NodaConstants.UnixEpoch,
            QueuedAt = NodaConstants.UnixEpoch,
            Participants = [new AgentId("a-1")],
        });

        Assert.Contains("\"id\":\"c-1\"", json, StringComparison.Ordinal);
        Assert.Contains("\"participants\":[\"a-1\"]", json, StringComparison.Ordinal);
        Assert.Contains("\"state\":\"Queued\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("isOpen", json, StringComparison.Ordinal);
    }

    [Fact]
    public void A_blank_identifier_in_stored_json_is_a_json_error_naming_the_type()
    {
        var error = Assert.Throws<System.Text.Json.JsonException>(() => StorageJson.Deserialize<ImmutableArray<AgentId>>("[\" \"]"));
        Assert.Contains(nameof(AgentId), error.Message, StringComparison.Ordinal);
    }
}
