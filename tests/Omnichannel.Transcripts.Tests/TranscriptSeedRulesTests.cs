using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Transcripts.Tests.Support;

namespace Omnichannel.Transcripts.Tests;

/// <summary>What transcripts show of the guide's system messages: calls by default, forwards with system messages.</summary>
public sealed class TranscriptSeedRulesTests
{
    [Fact]
    public async Task Call_start_and_end_appear_in_the_transcript_by_default()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        (await host.Conversations.PostSystemNoticeAsync(conversation, SystemMessageSources.Call, "Video call started by Alice Martin.")).GetValueOrThrow();
        (await host.Conversations.PostSystemMessageAsync(conversation, "Screen shared.")).GetValueOrThrow();
        (await host.Conversations.PostSystemNoticeAsync(conversation, SystemMessageSources.Call, "Video call ended after 3 minutes.")).GetValueOrThrow();

        var transcript = (await host.Transcripts.GetTranscriptAsync(conversation)).GetValueOrThrow();

        var system = transcript.Entries.Where(e => e.AuthorKind == AuthorKind.System).Select(e => e.Text).ToArray();
        Assert.Equal(["Video call started by Alice Martin.", "Video call ended after 3 minutes."], system);
    }

    [Fact]
    public async Task Call_messages_can_be_left_out_like_other_system_messages()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.IncludeCallMessages = false);
        var conversation = await host.OpenConversationAsync();
        (await host.Conversations.PostSystemNoticeAsync(conversation, SystemMessageSources.Call, "Audio call started by Alice Martin.")).GetValueOrThrow();

        var transcript = (await host.Transcripts.GetTranscriptAsync(conversation)).GetValueOrThrow();

        Assert.DoesNotContain(transcript.Entries, e => e.AuthorKind == AuthorKind.System);
    }

    [Fact]
    public async Task A_forward_shows_in_the_transcript_with_system_messages_naming_who_forwarded_to_whom()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.IncludeSystemMessages = true);
        await host.UpdateAgentAsync(TranscriptTestHost.Bob, a => a with { DisplayName = "Bob Durand" });
        var conversation = await host.OpenConversationAsync();

        var forward = (await host.Conversations.ForwardAsync(conversation, TranscriptTestHost.Alice, ForwardTarget.ToAgent(TranscriptTestHost.Bob), "Invoice 42 is doubled")).GetValueOrThrow();
        Assert.True(forward.Succeeded, forward.Message);
        var transcript = (await host.Transcripts.GetTranscriptAsync(conversation)).GetValueOrThrow();

        var line = Assert.Single(transcript.Entries, e => e.AuthorKind == AuthorKind.System && e.Text.Contains("forwarded", StringComparison.Ordinal));
        Assert.Equal("Alice Martin forwarded the conversation to Bob Durand (Support). Comment: Invoice 42 is doubled", line.Text);
        Assert.Contains("Alice Martin forwarded the conversation to Bob Durand (Support).", Omnichannel.Transcripts.Rendering.HtmlTranscriptRenderer.Render(transcript), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_lifecycle_step_shows_as_a_system_line_in_a_transcript_with_system_messages()
    {
        using var host = await TranscriptTestHost.CreateAsync(o => o.IncludeSystemMessages = true);
        await host.UpdateAgentAsync(TranscriptTestHost.Alice, a => a with { DisplayName = "Alice Martin" });
        var conversation = await host.OpenConversationAsync();
        (await host.Conversations.PlaceOnHoldAsync(conversation, TranscriptTestHost.Alice)).GetValueOrThrow();
        (await host.Conversations.ResumeAsync(conversation, TranscriptTestHost.Alice)).GetValueOrThrow();
        (await host.Conversations.ReturnToQueueAsync(conversation, Actor.Agent(TranscriptTestHost.Alice))).GetValueOrThrow();
        (await host.Conversations.TakeAsync(conversation, TranscriptTestHost.Alice)).GetValueOrThrow();
        await host.CloseAsync(conversation);

        var transcript = (await host.Transcripts.GetTranscriptAsync(conversation)).GetValueOrThrow();

        Assert.Equal(
            [
                "Alice Martin joined the conversation.",
                "Alice Martin placed the conversation on hold.",
                "Alice Martin resumed the conversation.",
                "Alice Martin moved the conversation back to the queue.",
                "Alice Martin joined the conversation.",
                "Alice Martin closed the conversation. Comment: Solved",
            ],
            transcript.Entries.Where(e => e.AuthorKind == AuthorKind.System).Select(e => e.Text));
        Assert.All(transcript.Entries.Where(e => e.AuthorKind == AuthorKind.System), e => Assert.Equal("System", e.AuthorName));
        Assert.Contains("[2024-05-01 08:00:45] System: Alice Martin closed the conversation. Comment: Solved", Omnichannel.Transcripts.Rendering.PlainTextTranscriptRenderer.Render(transcript), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lifecycle_system_lines_are_left_out_of_a_transcript_without_system_messages()
    {
        using var host = await TranscriptTestHost.CreateAsync();
        var conversation = await host.OpenConversationAsync();
        await host.CloseAsync(conversation);

        var transcript = (await host.Transcripts.GetTranscriptAsync(conversation)).GetValueOrThrow();

        Assert.Equal(["Hello, my invoice is wrong.", "Let me check that for you."], transcript.Entries.Select(e => e.Text));
    }
}
