using System.Globalization;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;

namespace Omnichannel.MultiProcess.Host;

/// <summary>
/// What users do through this process: a contact arrives in each department whenever this process's previous one there is
/// closed (so each process keeps at most one conversation open per department), agents "&lt;department&gt;-t1/t2" flip
/// between Away and Available, and every conversation taken for a moment is closed (by whichever process sees it first).
/// </summary>
internal sealed class Workload(IConversationService conversations, IAgentService agents, IConversationStore store, IContactStore contacts, HostSettings settings)
{
    private static readonly Duration Handling = Duration.FromMilliseconds(300);
    private static readonly ConversationState[] Served = [ConversationState.Taken];
    private readonly Random _random = new(settings.Index * 7919 + Environment.ProcessId);
    private readonly Dictionary<string, ConversationId> _open = [];
    private int _contacts;

    public async Task RunAsync(CancellationToken stopArrivals, CancellationToken exit)
    {
        var nextToggle = DateTime.UtcNow;
        while (!exit.IsCancellationRequested)
        {
            if (!stopArrivals.IsCancellationRequested)
            {
                await ArriveAsync().ConfigureAwait(false);
                if (DateTime.UtcNow >= nextToggle)
                {
                    await ToggleAsync().ConfigureAwait(false);
                    nextToggle = DateTime.UtcNow.AddMilliseconds(300 + _random.Next(600));
                }
            }

            await CloseAsync().ConfigureAwait(false);
            try
            {
                await Task.Delay(40, exit).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task ArriveAsync()
    {
        foreach (var department in settings.Departments)
        {
            if (_open.TryGetValue(department, out var open) && (await store.GetAsync(open, CancellationToken.None).ConfigureAwait(false))?.State != ConversationState.Closed)
            {
                continue;
            }

            var contact = new ContactId(string.Create(CultureInfo.InvariantCulture, $"p{settings.Index}-{Environment.ProcessId}-{++_contacts}"));
            await contacts.SaveAsync(new Contact { Id = contact, Name = contact.Value }, CancellationToken.None).ConfigureAwait(false);
            var started = await conversations.ReceiveContactMessageAsync(contact, new DepartmentId(department), "hello").ConfigureAwait(false);
            if (started.Succeeded)
            {
                _open[department] = started.Value!.Id;
                Console.Out.WriteLine("created " + started.Value.Id);
            }
        }
    }

    private async Task ToggleAsync()
    {
        var department = settings.Departments[_random.Next(settings.Departments.Length)];
        var agent = new AgentId(string.Create(CultureInfo.InvariantCulture, $"{department}-t{((settings.Index - 1) % 2) + 1}"));
        if (await agents.GetAsync(agent).ConfigureAwait(false) is { } found)
        {
            await agents.SetStatusAsync(agent, found.Status == AgentStatus.Available ? AgentStatus.Away : AgentStatus.Available).ConfigureAwait(false);
        }
    }

    private async Task CloseAsync()
    {
        var now = SystemClock.Instance.GetCurrentInstant();
        foreach (var department in settings.Departments)
        {
            var served = await store.QueryAsync(new ConversationQuery { DepartmentId = new DepartmentId(department), States = Served }, CancellationToken.None).ConfigureAwait(false);
            foreach (var conversation in served.Where(c => c.FirstTakenAt is { } taken && now - taken >= Handling))
            {
                // Another process may close it first: that refusal is expected.
                await conversations.CloseAsync(conversation.Id, Actor.System).ConfigureAwait(false);
            }
        }
    }
}
