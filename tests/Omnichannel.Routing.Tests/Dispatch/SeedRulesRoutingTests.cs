using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Notifications;
using Omnichannel.Routing.Scheduling;
using Omnichannel.Testing.Scheduling;

namespace Omnichannel.Routing.Tests.Dispatch;

/// <summary>The host's rules as routing applies them: business hours, the scheduling port shared with Core, serving order.</summary>
public sealed class SeedRulesRoutingTests
{
    // VirtualScheduler starts on Thursday 2026-01-01 09:00 UTC; the department opens at 10:00 UTC.
    private static readonly BusinessHours TenToSix = new()
    {
        Weekly = [.. Enum.GetValues<IsoDayOfWeek>().Where(d => d != IsoDayOfWeek.None).Select(d => new OpeningHours(d, new LocalTime(10, 0), new LocalTime(18, 0)))],
    };

    private static async Task<(ServiceProvider Services, VirtualScheduler Time, IConversationService Conversations, DepartmentId Department)> StartAsync(
        BusinessHours? hours, Action<Omnichannel.DependencyInjection.OmnichannelOptions>? core = null)
    {
        var time = new VirtualScheduler(Instant.FromUtc(2026, 1, 1, 9, 0));
        var services = new ServiceCollection().AddSingleton<IClock>(time).AddSingleton<IScheduler>(time)
            .AddOmnichannel(o => { o.AcceptConversationsWithNoAgentsOnline = true; core?.Invoke(o); }).AddOmnichannelRouting().BuildServiceProvider();
        await services.GetRequiredService<IRoutingService>().StartAsync();
        var department = new DepartmentId("d");
        (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = department, Name = "D", BusinessHours = hours })).GetValueOrThrow();
        (await services.GetRequiredService<IAgentService>().RegisterAsync(new Agent { Id = new AgentId("a"), Username = "a", Departments = [department], Status = AgentStatus.Available })).GetValueOrThrow();
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId("k"), Name = "K" }, default);
        return (services, time, services.GetRequiredService<IConversationService>(), department);
    }

    [Fact]
    public async Task Routing_does_not_assign_outside_the_departments_business_hours()
    {
        var (services, time, conversations, department) = await StartAsync(TenToSix);
        await using var _ = services;

        var queued = (await conversations.ReceiveContactMessageAsync(new ContactId("k"), department, "hi")).GetValueOrThrow();
        await time.AdvanceByAsync(Duration.FromMinutes(30));
        Assert.Equal(ConversationState.Queued, (await conversations.GetAsync(queued.Id))!.State);
        Assert.True(queued.ArrivedOutsideBusinessHours);

        await time.AdvanceByAsync(Duration.FromMinutes(31)); // opened at 10:00; reconciliation drains it
        Assert.Equal(ConversationState.Taken, (await conversations.GetAsync(queued.Id))!.State);
    }

    [Fact]
    public async Task Routing_assigns_outside_hours_when_the_department_is_configured_to()
    {
        var (services, time, conversations, department) = await StartAsync(TenToSix with { RouteOutsideHours = true });
        await using var _ = services;

        var queued = (await conversations.ReceiveContactMessageAsync(new ContactId("k"), department, "hi")).GetValueOrThrow();
        await time.AdvanceByAsync(Duration.Zero);

        Assert.Equal(ConversationState.Taken, (await conversations.GetAsync(queued.Id))!.State);
    }

    [Fact]
    public async Task Inactivity_closes_run_on_routings_virtual_scheduler()
    {
        var (services, time, conversations, department) = await StartAsync(null, o => o.CloseAbandonedAfter = Duration.FromMinutes(15));
        await using var _ = services;
        var queued = (await conversations.ReceiveContactMessageAsync(new ContactId("k"), department, "hi")).GetValueOrThrow();
        await time.AdvanceByAsync(Duration.Zero);
        (await conversations.PostAgentMessageAsync(queued.Id, new AgentId("a"), "Hello, how can I help?")).GetValueOrThrow();

        await time.AdvanceByAsync(Duration.FromMinutes(15));

        var closed = (await conversations.GetAsync(queued.Id))!;
        Assert.Equal((ConversationState.Closed, CloseReasons.Abandoned), (closed.State, closed.CloseReason));
    }

    [Fact]
    public async Task Typing_expires_on_routings_virtual_scheduler()
    {
        var events = new Testing.RecordingDomainEventPublisher();
        var time = new VirtualScheduler(Instant.FromUtc(2026, 1, 1, 9, 0));
        await using var services = new ServiceCollection().AddSingleton<IClock>(time).AddSingleton<IScheduler>(time).AddSingleton<IDomainEventPublisher>(events)
            .AddOmnichannel(o => o.AcceptConversationsWithNoAgentsOnline = true).AddOmnichannelRouting().BuildServiceProvider();
        var conversations = services.GetRequiredService<IConversationService>();
        (await services.GetRequiredService<IDepartmentService>().SaveAsync(new Department { Id = new DepartmentId("d"), Name = "D" })).GetValueOrThrow();
        await services.GetRequiredService<IContactStore>().SaveAsync(new Contact { Id = new ContactId("k"), Name = "K" }, default);
        var queued = (await conversations.ReceiveContactMessageAsync(new ContactId("k"), new DepartmentId("d"), "hi")).GetValueOrThrow();

        Assert.True((await conversations.SetTypingAsync(queued.Id, Actor.Contact(new ContactId("k")), true)).Succeeded);
        await time.AdvanceByAsync(Duration.FromSeconds(5));

        Assert.Equal([true, false], events.OfType<TypingChanged>().Select(t => t.IsTyping).ToArray());
    }
}
