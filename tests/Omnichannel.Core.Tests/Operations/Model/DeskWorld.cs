using Omnichannel.Agents;
using Omnichannel.Departments;

namespace Omnichannel.Core.Tests.Operations.Model;

/// <summary>
/// The fixed world the model-based test runs in: two departments with different limits and tag rules, agents with
/// small capacities (one of them in both departments, one manager), a user who is not an agent, and three contacts.
/// </summary>
internal static class DeskWorld
{
    public static readonly DepartmentId Support = new("support");
    public static readonly DepartmentId Sales = new("sales");
    public static readonly DepartmentId UnknownDepartment = new("nowhere");

    public static readonly AgentId NotAnAgent = new("u1");
    public static readonly AgentId UnknownAgent = new("ghost");

    /// <summary>Sales first: support names it as a forward target, which must exist when support is saved.</summary>
    public static readonly Department[] Departments =
    [
        new() { Id = Sales, Name = "Sales", MaxChatsPerAgent = 1, RequireTagsOnClose = true, ClosingTags = ["deal"] },
        new() { Id = Support, Name = "Support", MaxChatsPerAgent = 2, RequireTagsOnClose = true, ClosingTags = ["general", "billing"], DefaultClosingTags = ["general"], ForwardTargets = [Sales] },
    ];

    public static readonly Agent[] Agents =
    [
        Member("a1", 1, Support),
        Member("a2", 2, Support),
        Member("a3", 0, Sales),
        Member("a4", 2, Support, Sales),
        Member("m1", 1, Support) with { Roles = AgentRoles.Agent | AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager },
    ];

    public static readonly Agent User = Member(NotAnAgent.Value, 0, Support) with { Roles = AgentRoles.None, Permissions = AgentPermissions.None };

    public static readonly ContactId[] Contacts = [new("k1"), new("k2"), new("k3")];

    public static readonly string?[] Tags = [null, "general", "deal", "bogus"];

    public static Agent Agent(AgentId id) => Agents.Single(a => a.Id == id);

    public static Department? Department(DepartmentId id) => Departments.SingleOrDefault(d => d.Id == id);

    private static Agent Member(string id, int max, params DepartmentId[] departments) => new()
    {
        Id = new AgentId(id),
        Username = id,
        Departments = [.. departments],
        MaxSimultaneousConversations = max,
        Status = AgentStatus.Available,
    };
}
