using System.Diagnostics;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Tests.Diagnostics;

namespace Omnichannel.Core.Tests.Diagnostics;

/// <summary>
/// The spans of the conversation and agent operations. Each test runs in a trace of its own and records only the
/// spans of that trace, so tests running beside it do not disturb it.
/// </summary>
public sealed class ConversationSpanTests
{
    [Fact]
    public async Task Each_operation_is_a_span_tagged_with_conversation_department_agent_and_result()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var (recorder, root) = SpanRecorder.ForOwnTrace();
        using (recorder)
        using (root)
        {
            var queued = await desk.QueuedAsync();
            (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Ok();
            (await desk.Conversations.CloseAsync(queued.Id, Actor.Agent(Ids.Alice))).Ok();

            var receive = Assert.Single(recorder.Named("omnichannel.conversation.receive"));
            Assert.Equal(queued.Id.Value, receive.GetTagItem("omnichannel.conversation.id"));
            Assert.Equal("support", receive.GetTagItem("omnichannel.department.id"));
            Assert.Equal("ok", receive.GetTagItem("omnichannel.result"));

            var take = Assert.Single(recorder.Named("omnichannel.conversation.take"));
            Assert.Equal(queued.Id.Value, take.GetTagItem("omnichannel.conversation.id"));
            Assert.Equal("alice", take.GetTagItem("omnichannel.agent.id"));
            Assert.Equal("support", take.GetTagItem("omnichannel.department.id"));
            Assert.Equal("ok", take.GetTagItem("omnichannel.result"));
            Assert.Equal(ActivityStatusCode.Unset, take.Status);
            Assert.Equal(root.SpanId, take.ParentSpanId);

            var close = Assert.Single(recorder.Named("omnichannel.conversation.close"));
            Assert.Equal("alice", close.GetTagItem("omnichannel.agent.id"));
            Assert.Equal("ok", close.GetTagItem("omnichannel.result"));
        }
    }

    [Fact]
    public async Task A_refused_operation_carries_its_error_code_as_the_result()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var (recorder, root) = SpanRecorder.ForOwnTrace();
        using (recorder)
        using (root)
        {
            var queued = await desk.QueuedAsync();
            Assert.False((await desk.Conversations.TakeAsync(queued.Id, Ids.Sam)).Succeeded);

            var take = Assert.Single(recorder.Named("omnichannel.conversation.take"));
            Assert.Equal("not_department_member", take.GetTagItem("omnichannel.result"));
            Assert.Equal("sam", take.GetTagItem("omnichannel.agent.id"));
        }
    }

    [Fact]
    public async Task An_exception_marks_the_span_as_an_error_with_an_exception_event()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var (recorder, root) = SpanRecorder.ForOwnTrace();
        using (recorder)
        using (root)
        {
            await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.TakeAsync(default, Ids.Alice));

            var take = Assert.Single(recorder.Named("omnichannel.conversation.take"));
            Assert.Equal(ActivityStatusCode.Error, take.Status);
            Assert.Equal("exception", take.GetTagItem("omnichannel.result"));
            var exception = Assert.Single(take.Events, e => e.Name == "exception");
            Assert.Contains(exception.Tags, t => t.Key == "exception.type" && (t.Value as string)!.Contains("Argument", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Setting_an_agents_status_is_a_span_with_the_agent_and_the_new_status()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var (recorder, root) = SpanRecorder.ForOwnTrace();
        using (recorder)
        using (root)
        {
            (await desk.Agents.SetStatusAsync(Ids.Bob, AgentStatus.Away)).Ok();

            var span = Assert.Single(recorder.Named("omnichannel.agent.set_status"));
            Assert.Equal("bob", span.GetTagItem("omnichannel.agent.id"));
            Assert.Equal("Away", span.GetTagItem("omnichannel.agent.status"));
            Assert.Equal("ok", span.GetTagItem("omnichannel.result"));
        }
    }
}
