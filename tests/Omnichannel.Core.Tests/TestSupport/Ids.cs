namespace Omnichannel.Core.Tests.TestSupport;

/// <summary>The identifiers of the standard world built by <c>OmnichannelHarness.CreateAsync</c> (Core.Tests) and the workspace harness.</summary>
public static class Ids
{
    public static readonly DepartmentId Support = new("support");
    public static readonly DepartmentId Sales = new("sales");

    /// <summary>Agent of support.</summary>
    public static readonly AgentId Alice = new("alice");

    /// <summary>Agent of support.</summary>
    public static readonly AgentId Bob = new("bob");

    /// <summary>Agent of sales.</summary>
    public static readonly AgentId Sam = new("sam");

    /// <summary>Manager of support.</summary>
    public static readonly AgentId Mia = new("mia");

    public static readonly ContactId Dave = new("dave");
    public static readonly ContactId Erin = new("erin");
}
