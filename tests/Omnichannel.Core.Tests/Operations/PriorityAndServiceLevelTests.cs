using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Operations;

/// <summary>Priorities and SLA policies the host configures, set on arrival by the host's rules, and the queue order they give.</summary>
public sealed class PriorityAndServiceLevelTests
{
    /// <summary>VIP contacts get "Urgent" and the "VIP" SLA; a message that says "refund" gets "Normal"; the chat channel nothing.</summary>
    private sealed class VipRules : IArrivalRules
    {
        public List<ConversationArrival> Seen { get; } = [];

        public ValueTask<ArrivalClassification> ClassifyAsync(ConversationArrival arrival, CancellationToken cancellationToken)
        {
            Seen.Add(arrival);
            return ValueTask.FromResult(arrival.Contact.Id == Ids.Erin ? new ArrivalClassification { Priority = new ConversationPriority("urgent"), ServiceLevel = "VIP" }
                : arrival.Text.Contains("refund", StringComparison.OrdinalIgnoreCase) ? new ArrivalClassification { Priority = new ConversationPriority("Normal") }
                : arrival.Channel == "email" ? new ArrivalClassification { Priority = new ConversationPriority("Unheard of"), ServiceLevel = "Nope" }
                : ArrivalClassification.None);
        }
    }

    private static void Configure(OmnichannelOptions o)
    {
        o.Priorities.Clear();
        o.Priorities.Add("Urgent");
        o.Priorities.Add("Normal");
        o.ServiceLevelPolicies.Add(new ServiceLevelPolicy("VIP", Duration.FromMinutes(5)));
        o.ServiceLevelPolicies.Add(new ServiceLevelPolicy("Standard", Duration.FromHours(1)));
    }

    private static Task<OmnichannelHarness> CreateAsync(VipRules rules) =>
        OmnichannelHarness.CreateAsync(Configure, services => services.AddSingleton<IArrivalRules>(rules));

    [Fact]
    public async Task Priority_and_sla_on_arrival_come_from_the_hosts_rules_without_a_manager()
    {
        var rules = new VipRules();
        using var desk = await CreateAsync(rules);

        var vip = await desk.QueuedAsync(Ids.Erin);

        Assert.Equal(new ConversationPriority("Urgent"), vip.Priority);
        Assert.Equal("Urgent", vip.Priority.Name);   // recorded as configured
        Assert.Equal("VIP", vip.ServiceLevel);
        Assert.Equal(OmnichannelHarness.Start + Duration.FromMinutes(5), vip.ServiceLevelDueAt);
        Assert.Equal(vip, await desk.ReadAsync(vip.Id));
        var arrival = Assert.Single(rules.Seen);
        Assert.Equal((Ids.Erin, Ids.Support, "chat", "Hello, I need help."), (arrival.Contact.Id, arrival.DepartmentId, arrival.Channel, arrival.Text));
    }

    [Fact]
    public async Task Arrival_rules_are_consulted_only_when_a_conversation_is_created()
    {
        var rules = new VipRules();
        using var desk = await CreateAsync(rules);
        await desk.QueuedAsync(Ids.Dave);

        (await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "I want a refund")).Ok();

        Assert.Single(rules.Seen);
    }

    [Fact]
    public async Task Unknown_priority_or_sla_names_from_the_rules_are_ignored()
    {
        using var desk = await CreateAsync(new VipRules());

        var conversation = (await desk.Conversations.ReceiveContactMessageAsync(new ContactMessage(Ids.Dave, Ids.Support, "Hi") { Channel = "email" }, CancellationToken.None)).Ok();

        Assert.True(conversation.Priority.IsNone);
        Assert.Null(conversation.ServiceLevel);
        Assert.Null(conversation.ServiceLevelDueAt);
    }

    [Fact]
    public async Task Failing_arrival_rules_never_lose_the_contacts_message()
    {
        using var desk = await OmnichannelHarness.CreateAsync(services: s => s.AddSingleton<IArrivalRules>(new ThrowingRules()));

        var conversation = await desk.QueuedAsync();

        Assert.True(conversation.Priority.IsNone);
        Assert.Equal(1, conversation.MessageCount);
    }

    private sealed class ThrowingRules : IArrivalRules
    {
        public ValueTask<ArrivalClassification> ClassifyAsync(ConversationArrival arrival, CancellationToken cancellationToken) => throw new InvalidOperationException("CRM down");
    }

    [Fact]
    public async Task Priorities_are_configurable_names_not_a_fixed_enum()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Configure);
        var taken = await desk.TakenAsync(Ids.Alice);

        var edited = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate(Priority: new ConversationPriority("normal")))).Ok();

        Assert.Equal("Normal", edited.Priority.Name);
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate(Priority: ConversationPriority.Highest))).Refused(OperationErrorCode.InvalidArgument,
            "Priority 'Highest' is not configured; choose None or one of: Urgent, Normal.");
    }

    [Fact]
    public void Default_priorities_are_the_guides_five_in_order_and_no_sla_policies()
    {
        var options = new OmnichannelOptions();
        Assert.Equal(["Highest", "High", "Medium", "Low", "Lowest"], options.Priorities);
        Assert.Empty(options.ServiceLevelPolicies);
    }

    [Fact]
    public void Priority_and_sla_settings_are_validated()
    {
        var options = new OmnichannelOptions();
        options.Priorities.Add("high");
        options.ServiceLevelPolicies.Add(new ServiceLevelPolicy("Instant", Duration.Zero));
        var result = new OmnichannelOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        Assert.Contains("OmnichannelOptions.Priorities", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("OmnichannelOptions.ServiceLevelPolicies", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queued_chats_are_listed_in_the_order_routing_serves_them_priority_sla_due_then_arrival()
    {
        var rules = new VipRules();
        using var desk = await CreateAsync(rules);
        var plain = await desk.QueuedAsync(Ids.Dave, text: "Hello");                     // no priority, first to arrive
        desk.Clock.Advance(Duration.FromSeconds(1));
        var refund = await desk.QueuedAsync(await desk.ContactAsync(new ContactId("frank")), text: "refund please"); // Normal
        desk.Clock.Advance(Duration.FromSeconds(1));
        var vip = await desk.QueuedAsync(Ids.Erin);                                       // Urgent, SLA due in 5 minutes
        desk.Clock.Advance(Duration.FromSeconds(1));
        var urgentLater = await desk.QueuedAsync(await desk.ContactAsync(new ContactId("gina")));
        (await desk.Conversations.TakeAsync(urgentLater.Id, Ids.Alice)).Ok();
        (await desk.Conversations.UpdateRoomInformationAsync(urgentLater.Id, Ids.Alice, new RoomInformationUpdate(Priority: new ConversationPriority("Urgent")))).Ok();
        (await desk.Conversations.ReturnToQueueAsync(urgentLater.Id, Actor.Agent(Ids.Alice))).Ok();  // Urgent, no SLA

        var queued = (await desk.Conversations.ListQueuedAsync(Ids.Bob)).Ok();

        Assert.Equal([vip.Id, urgentLater.Id, refund.Id, plain.Id], queued.Select(c => c.Id));
    }

    [Fact]
    public void Priorities_stored_by_the_former_enum_read_back_by_name()
    {
        var options = new System.Text.Json.JsonSerializerOptions();
        Assert.Equal(ConversationPriority.High, System.Text.Json.JsonSerializer.Deserialize<ConversationPriority>("\"High\"", options));
        Assert.Equal(ConversationPriority.None, System.Text.Json.JsonSerializer.Deserialize<ConversationPriority>("\"None\"", options));
        Assert.Equal(ConversationPriority.Lowest, System.Text.Json.JsonSerializer.Deserialize<ConversationPriority>("5", options));
        Assert.Equal("null", System.Text.Json.JsonSerializer.Serialize(ConversationPriority.None, options));
        Assert.Equal("\"Urgent\"", System.Text.Json.JsonSerializer.Serialize(new ConversationPriority("Urgent"), options));
    }
}
