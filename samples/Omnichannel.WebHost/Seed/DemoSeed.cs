using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.WebHost.Security;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.WebHost.Seed;

/// <summary>
/// Seeds the demo contact center through the library's services (departments, agents, canned responses) when they are
/// not stored yet, and sets the agents' passwords. Runs at start-up, after the SQLite migration and the routing start
/// (routing hears of the agents registered here through the library's events).
/// </summary>
public sealed class DemoSeed(
    IDepartmentService departments,
    IAgentService agents,
    ICannedResponseService cannedResponses,
    AgentCredentials credentials,
    WebHostSettings settings) : IHostedService
{
    /// <summary>The customer support department: tags are required on close.</summary>
    public static readonly DepartmentId Support = new("support");

    /// <summary>The billing department.</summary>
    public static readonly DepartmentId Billing = new("billing");

    private static readonly Department[] Departments =
    [
        new() { Id = Support, Name = "Customer Support", MaxChatsPerAgent = 5, RequireTagsOnClose = true, ClosingTags = ["question", "bug", "billing", "feedback"] },
        new() { Id = Billing, Name = "Billing", MaxChatsPerAgent = 5, ClosingTags = ["refund", "invoice"], DefaultClosingTags = ["invoice"] },
    ];

    private static readonly Agent[] Agents =
    [
        new() { Id = new("alice"), Username = "alice", DisplayName = "Alice Martin", Email = "alice@omnichannel.example", Departments = [Support], MaxSimultaneousConversations = 5 },
        new()
        {
            Id = new("bob"), Username = "bob", DisplayName = "Bob Durand", Email = "bob@omnichannel.example", Departments = [Support], MaxSimultaneousConversations = 5,
            Permissions = AgentPermissions.DefaultAgent | AgentPermissions.RequestPdfTranscript,
        },
        new() { Id = new("carol"), Username = "carol", DisplayName = "Carol Nguyen", Email = "carol@omnichannel.example", Departments = [Billing], MaxSimultaneousConversations = 5 },
        new()
        {
            Id = new("maria"), Username = "maria", DisplayName = "Maria Rossi", Email = "maria@omnichannel.example", Departments = [Support, Billing],
            MaxSimultaneousConversations = 5, Roles = AgentRoles.Agent | AgentRoles.Manager, Permissions = AgentPermissions.DefaultManager,
        },
    ];

    private static readonly CannedResponseDraft[] Responses =
    [
        new() { Shortcut = "greet", Text = "Hi {{contact.name}}, I am {{agent.name}}. How can I help you today?", Scope = CannedResponseScope.Public },
        new() { Shortcut = "check", Text = "Let me check that for you; it takes a minute.", Scope = CannedResponseScope.Public },
        new() { Shortcut = "hold", Text = "I am looking into this and will come back to you here. Write any time if you have news.", Scope = CannedResponseScope.Public },
        new() { Shortcut = "thanks", Text = "Thank you for contacting us, {{contact.name}}. Have a great day!", Scope = CannedResponseScope.Public },
        new() { Shortcut = "refund", Text = "Your refund is on its way; the confirmation goes to {{contact.email}}.", Scope = CannedResponseScope.Department, DepartmentId = Billing },
        new() { Shortcut = "reset-password", Text = "You can reset your password at any time from the sign-in page, under \"Forgot password\".", Scope = CannedResponseScope.Department, DepartmentId = Support },
    ];

    /// <summary>The seeded agents with the password set at this start, for the console.</summary>
    public IReadOnlyList<SeededAgent> SeededAgents { get; private set; } = [];

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var department in Departments)
        {
            if (await departments.GetAsync(department.Id, cancellationToken) is null)
            {
                (await departments.SaveAsync(department, cancellationToken)).GetValueOrThrow();
            }
        }

        var seeded = new List<SeededAgent>();
        foreach (var agent in Agents)
        {
            if (await agents.GetAsync(agent.Id, cancellationToken) is null)
            {
                (await agents.RegisterAsync(agent, cancellationToken)).GetValueOrThrow();
            }

            var password = string.IsNullOrEmpty(settings.AgentPassword) ? AgentCredentials.RandomPassword() : settings.AgentPassword;
            credentials.Set(agent.Username, agent.Id, password);
            var role = agent.Roles.HasFlag(AgentRoles.Manager) ? "manager" : agent.Has(AgentPermissions.RequestPdfTranscript) ? "agent, may export PDF" : "agent";
            seeded.Add(new SeededAgent(agent.Username, agent.Name, password, string.Join(", ", agent.Departments.Select(d => d.Value).Order(StringComparer.Ordinal)), role));
        }

        SeededAgents = seeded;
        var manager = Agents[^1].Id;
        foreach (var response in Responses)
        {
            var existing = (await cannedResponses.ListAsync(manager, response.Shortcut, cancellationToken)).GetValueOrThrow();
            if (!existing.Any(r => string.Equals(r.Shortcut, response.Shortcut, StringComparison.OrdinalIgnoreCase)))
            {
                (await cannedResponses.CreateAsync(Actor.System, response, cancellationToken)).GetValueOrThrow();
            }
        }

    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>A seeded agent as printed at start.</summary>
public sealed record SeededAgent(string Username, string Name, string Password, string Departments, string Role);
