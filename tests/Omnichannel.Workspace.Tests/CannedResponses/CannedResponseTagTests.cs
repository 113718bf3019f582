using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using Omnichannel.Workspace.CannedResponses;
using static Omnichannel.Workspace.Tests.WorkspaceHarness;

namespace Omnichannel.Workspace.Tests.CannedResponses;

/// <summary>Canned responses carry tags and can be filtered by them (issue 15).</summary>
public sealed class CannedResponseTagTests
{
    private static CannedResponseDraft Draft(string shortcut, params string[] tags) =>
        new() { Shortcut = shortcut, Text = "Thank you for contacting us.", Tags = tags };

    [Fact]
    public async Task Canned_responses_carry_tags_and_can_be_filtered_by_them()
    {
        using var desk = await CreateAsync();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("refund", " billing ", "Billing", "refunds"))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("hello", "greeting"))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("invoice", "BILLING"))).Ok();
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Sam), Draft("sams", "billing"))).Ok();

        var billing = (await desk.CannedResponses.ListByTagAsync(Alice, "billing")).Ok();

        Assert.Equal(["invoice", "refund"], billing.Select(r => r.Shortcut));
        Assert.Equal(["billing", "refunds"], billing[1].Tags.ToArray());
        Assert.Empty((await desk.CannedResponses.ListByTagAsync(Alice, "nothing")).Ok());
    }

    [Fact]
    public async Task Tags_are_validated()
    {
        using var desk = await CreateAsync();

        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("a", "line\nbreak"))).Refused(OperationErrorCode.InvalidArgument, "tag");
        (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("b", [.. Enumerable.Range(0, 21).Select(i => $"t{i}")]))).Refused(OperationErrorCode.InvalidArgument, "MaxTags");
        (await desk.CannedResponses.ListByTagAsync(Alice, "")).Refused(OperationErrorCode.InvalidArgument);
    }

    [Fact]
    public async Task Editing_a_response_changes_its_tags()
    {
        using var desk = await CreateAsync();
        var created = (await desk.CannedResponses.CreateAsync(Actor.Agent(Alice), Draft("refund", "billing"))).Ok();

        var edited = (await desk.CannedResponses.UpdateAsync(Actor.Agent(Alice), created with { Tags = ["refunds"] })).Ok();

        Assert.Equal(["refunds"], edited.Tags.ToArray());
        Assert.Empty((await desk.CannedResponses.ListByTagAsync(Alice, "billing")).Ok());
    }
}
