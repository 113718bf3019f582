using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests;

public sealed class TranscriptTests
{
    private static readonly DateTimeZone Paris = DateTimeZoneProviders.Tzdb["Europe/Paris"];

    [Fact]
    public void Create_keeps_messages_in_order_with_author_names()
    {
        var transcript = SampleConversations.Closed().Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start);

        Assert.Equal(["Carol", "Alice Martin", "bob", "HelpBot"], transcript.Entries.Select(e => e.AuthorName));
        Assert.Equal([1, 2, 4, 5], transcript.Entries.Select(e => e.Sequence));
        Assert.Equal("Conversation with Carol", transcript.Title);
        Assert.Equal(["Alice Martin", "bob"], transcript.AgentNames.ToArray());
    }

    [Fact]
    public void Create_includes_system_messages_only_when_asked()
    {
        var without = SampleConversations.Closed().Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start);
        var with = SampleConversations.Closed().Transcribe(SampleConversations.Sources, new TranscriptSettings { IncludeSystemMessages = true }, SampleConversations.Start);

        Assert.DoesNotContain(without.Entries, e => e.AuthorKind == AuthorKind.System);
        var system = Assert.Single(with.Entries, e => e.AuthorKind == AuthorKind.System);
        Assert.Equal("System", system.AuthorName);
        Assert.Equal("Conversation forwarded to bob.", system.Text);
    }

    [Fact]
    public void Create_hides_agent_names_when_asked_but_keeps_the_contact_and_bots()
    {
        var transcript = SampleConversations.Closed().Transcribe(SampleConversations.Sources, new TranscriptSettings { ShowAgentNames = false }, SampleConversations.Start);

        Assert.Equal(["Carol", "Agent", "Agent", "HelpBot"], transcript.Entries.Select(e => e.AuthorName));
        Assert.Empty(transcript.AgentNames);
        Assert.DoesNotContain(transcript.Details, d => d.Value.Contains("Alice", StringComparison.Ordinal) || d.Value.Contains("bob", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_shows_times_in_the_configured_zone()
    {
        var transcript = SampleConversations.Closed().Transcribe(SampleConversations.Sources, new TranscriptSettings { TimeZone = Paris }, SampleConversations.Start);

        // 08:00 UTC on 1 May 2024 is 10:00 in Paris (summer time, +02).
        Assert.Equal(new LocalDateTime(2024, 5, 1, 10, 0, 0), transcript.Entries[0].SentAt.LocalDateTime);
        Assert.Equal("2024-05-01 10:00:00 Europe/Paris (+02)", Detail(transcript, "Started"));
        Assert.Equal("2024-05-01 10:05:00 Europe/Paris (+02)", Detail(transcript, "Closed"));
    }

    [Fact]
    public void Create_lists_the_room_information_figures()
    {
        var transcript = SampleConversations.Closed().Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start);

        Assert.Equal("0:00:30", Detail(transcript, "Queue time"));
        Assert.Equal("0:00:45", Detail(transcript, "First response time"));
        Assert.Equal("0:00:45", Detail(transcript, "Average response time"));
        Assert.Equal("0:05:00", Detail(transcript, "Duration"));
        Assert.Equal("Invoice 42", Detail(transcript, "Topic"));
        Assert.Equal("High", Detail(transcript, "Priority"));
        Assert.Equal("Support", Detail(transcript, "Department"));
        Assert.Equal(["billing", "refund"], transcript.Tags.ToArray());
        Assert.Equal("Refunded the duplicate.", transcript.ClosingComment);
    }

    [Fact]
    public void Create_shows_unknown_people_by_identifier()
    {
        var transcript = SampleConversations.Closed().Transcribe(TranscriptSources.None, TranscriptSettings.Default, SampleConversations.Start);

        Assert.Equal(["carol", "alice", "bob", "HelpBot"], transcript.Entries.Select(e => e.AuthorName));
        Assert.Equal("support", transcript.DepartmentName);
    }

    [Fact]
    public void Create_of_an_open_conversation_measures_until_now()
    {
        var closed = SampleConversations.Closed();
        var open = closed with { Conversation = closed.Conversation with { State = ConversationState.Taken, ClosedAt = null, ServingAgentId = SampleConversations.Alice.Id } };

        var transcript = open.Transcribe(SampleConversations.Sources, TranscriptSettings.Default, SampleConversations.Start + Duration.FromHours(27));

        Assert.Equal("still open", Detail(transcript, "Closed"));
        Assert.Equal("27:00:00", Detail(transcript, "Duration"));
    }

    private static string Detail(Transcript transcript, string label) => Assert.Single(transcript.Details, d => d.Label == label).Value;
}
