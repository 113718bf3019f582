using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Departments;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Departments are validated when saved, so that no setting makes a later close or forward fail.</summary>
public sealed class DepartmentServiceTests
{
    private static readonly DepartmentId Billing = new("billing");

    [Fact]
    public async Task Valid_department_is_saved_and_can_be_changed()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        var created = (await desk.Departments.SaveAsync(new Department
        {
            Id = Billing,
            Name = "Billing",
            MaxChatsPerAgent = 3,
            RequireTagsOnClose = true,
            ClosingTags = ["refund", "invoice"],
            DefaultClosingTags = ["invoice"],
            ForwardTargets = [Ids.Support],
            FallbackDepartmentId = Ids.Sales,
        })).Ok();
        var changed = (await desk.Departments.SaveAsync(created with { MaxChatsPerAgent = 4 })).Ok();

        Assert.Equal((1L, 2L), (created.Version, changed.Version));
        Assert.Equal(changed, await desk.Departments.GetAsync(Billing));
    }

    [Fact]
    public async Task Department_requiring_tags_but_offering_none_is_refused_when_created()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Departments.SaveAsync(new Department { Id = Billing, Name = "Billing", RequireTagsOnClose = true })).Refused(OperationErrorCode.InvalidDepartment,
            "Department 'billing' requires tags on close but offers none (no closing tags, no managed tags), so every close would fail: add closing tags or stop requiring them.");
        Assert.Null(await desk.Departments.GetAsync(Billing));
    }

    [Fact]
    public async Task Department_requiring_tags_but_offering_none_is_refused_when_changed()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var support = await desk.Departments.GetAsync(Ids.Support);

        (await desk.Departments.SaveAsync(support! with { RequireTagsOnClose = true })).Refused(OperationErrorCode.InvalidDepartment, "Department 'support' requires tags on close but offers none");
        Assert.Equal(support, await desk.Departments.GetAsync(Ids.Support));
    }

    public static TheoryData<string, string> InvalidDepartments() => new()
    {
        { "no name", "Department 'billing' has no name." },
        { "invisible name", "Department 'billing' has no name." },
        { "negative limit", "Department 'billing' has MaxChatsPerAgent -1; use 0 for no limit or a positive number." },
        { "blank tag", "Department 'billing' has a blank closing tag." },
        { "blank default tag", "Department 'billing' has a blank closing tag." },
        { "default not offered", "Department 'billing' has default closing tag 'misc', which is not among its closing tags (refund, invoice)." },
        { "own fallback", "Department 'billing' cannot be its own fallback department." },
        { "unknown fallback", "Department 'billing' names fallback department 'nowhere', which does not exist." },
        { "forwards to itself", "Department 'billing' lists itself as a forward target; forwarding to the same department is never allowed." },
        { "unknown forward target", "Department 'billing' may forward to department 'nowhere', which does not exist." },
    };

    [Theory]
    [MemberData(nameof(InvalidDepartments))]
    public async Task Contradictory_settings_are_refused_with_the_reason(string problem, string message)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var valid = new Department { Id = Billing, Name = "Billing", ClosingTags = ["refund", "invoice"] };
        var nowhere = new DepartmentId("nowhere");
        var department = problem switch
        {
            "no name" => valid with { Name = " " },
            "invisible name" => valid with { Name = "\u200B\u2060" },
            "negative limit" => valid with { MaxChatsPerAgent = -1 },
            "blank tag" => valid with { ClosingTags = ["refund", " "] },
            "blank default tag" => valid with { DefaultClosingTags = [""] },
            "default not offered" => valid with { DefaultClosingTags = ["misc"] },
            "own fallback" => valid with { FallbackDepartmentId = Billing },
            "unknown fallback" => valid with { FallbackDepartmentId = nowhere },
            "forwards to itself" => valid with { ForwardTargets = [Billing] },
            "unknown forward target" => valid with { ForwardTargets = [Ids.Sales, nowhere] },
            _ => throw new ArgumentOutOfRangeException(nameof(problem), problem, null),
        };

        (await desk.Departments.SaveAsync(department)).Refused(OperationErrorCode.InvalidDepartment, message);
        Assert.Null(await desk.Departments.GetAsync(Billing));
    }

    [Fact]
    public async Task Save_from_a_stale_version_is_a_conflict()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var stale = await desk.Departments.GetAsync(Ids.Support);
        await desk.UpdateDepartmentAsync(Ids.Support, d => d with { MaxChatsPerAgent = 2 });

        (await desk.Departments.SaveAsync(stale! with { MaxChatsPerAgent = 5 })).Refused(OperationErrorCode.Conflict, "department 'support'");
        Assert.Equal(2, (await desk.Departments.GetAsync(Ids.Support))!.MaxChatsPerAgent);
    }
}
