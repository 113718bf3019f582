using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// The bad input of issue 12, each as it was observed: default identifiers, attachments that broke search and
/// transcripts, unbounded tags, negative channel capacities, negative durations after the clock stepped back.
/// </summary>
public sealed class BadInputTests
{
    [Fact]
    public async Task An_agent_with_a_default_id_is_refused_before_anything_is_written()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var agents = desk.Agents;

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await agents.RegisterAsync(new Agent { Id = default, Username = "ghost", Departments = [Ids.Support] }));

        var byName = await Get<IAgentStore>(desk).FindByUsernameAsync("ghost", CancellationToken.None);
        Assert.Null(byName);
        Assert.DoesNotContain(await Get<IAgentStore>(desk).ListByDepartmentAsync(Ids.Support, CancellationToken.None), a => a.Username == "ghost");
    }

    [Fact]
    public async Task Every_agent_operation_refuses_a_default_id()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var alice = await desk.ReadAsync(Ids.Alice);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Agents.UpdateAsync(alice with { Id = default }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Agents.SetStatusAsync(default, AgentStatus.Away));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Agents.GetAsync(default));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Agents.UpdateAsync(alice with { Departments = [Ids.Support, default] }));
    }

    [Fact]
    public async Task A_department_with_a_default_id_or_naming_one_is_refused_before_anything_is_written()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Departments.SaveAsync(new Department { Id = default, Name = "Nowhere" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Departments.SaveAsync(new Department { Id = new("billing"), Name = "Billing", ForwardTargets = [default] }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Departments.SaveAsync(new Department { Id = new("billing"), Name = "Billing", FallbackDepartmentId = default(DepartmentId) }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Departments.GetAsync(default));

        Assert.Equal(["sales", "support"], (await Get<IDepartmentStore>(desk).ListAsync(CancellationToken.None)).Select(d => d.Id.Value));
    }

    [Fact]
    public async Task A_contact_with_a_default_id_or_manager_is_refused_before_anything_is_written()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var contacts = Get<IContactService>(desk);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await contacts.RegisterAsync(new Contact { Id = default, Name = "Nobody" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await contacts.RegisterAsync(new Contact { Id = new("zoe"), Name = "Zoe", ManagerId = default(AgentId) }));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await contacts.GetAsync(default, Ids.Alice));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await contacts.GetAsync(Ids.Dave, default));

        Assert.Null(await desk.Contacts.GetAsync(new ContactId("zoe"), CancellationToken.None));
    }

    [Fact]
    public void An_actor_can_never_be_built_from_a_default_id()
    {
        Assert.ThrowsAny<ArgumentException>(() => Actor.Agent(default));
        Assert.ThrowsAny<ArgumentException>(() => Actor.Contact(default));
    }

    [Fact]
    public async Task A_default_actor_closes_nothing()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(default)));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.CloseAsync(taken.Id, default(Actor)));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.ReturnToQueueAsync(taken.Id, default(Actor)));
        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.CloseAsync(default, Actor.System));

        var after = await desk.ReadAsync(taken.Id);
        Assert.Equal((ConversationState.Taken, taken.Version), (after.State, after.Version));
    }

    public static TheoryData<string, Attachment?, string> BadAttachments => new()
    {
        { "no media type", new Attachment("a.png", null!, 10, "https://files.example.com/a.png"), "media type" },
        { "blank media type", new Attachment("a.png", " ", 10, "https://files.example.com/a.png"), "media type" },
        { "not a media type", new Attachment("a.png", "png", 10, "https://files.example.com/a.png"), "media type" },
        { "no name", new Attachment(null!, "image/png", 10, "https://files.example.com/a.png"), "name" },
        { "a line break in the name", new Attachment("a\r\nb.png", "image/png", 10, "https://files.example.com/a.png"), "name" },
        { "a negative size", new Attachment("a.png", "image/png", -1, "https://files.example.com/a.png"), "size" },
        { "no reference", new Attachment("a.png", "image/png", 10, null!), "reference" },
        { "a script reference", new Attachment("a.png", "image/png", 10, "javascript:alert(1)"), "javascript" },
        { "a data reference", new Attachment("a.png", "image/png", 10, "data:image/png;base64,AAAA"), "data" },
        { "a name over the limit", new Attachment(new string('n', 256), "image/png", 10, "https://files.example.com/a.png"), "OmnichannelOptions.MaxAttachmentNameLength" },
        { "a relative path for a name", new Attachment("../../etc/passwd", "text/plain", 10, "https://files.example.com/p"), "which is a path" },
        { "a Windows path for a name", new Attachment("C:\\Users\\a.png", "image/png", 10, "https://files.example.com/a.png"), "which is a path" },
        { "a parent folder for a name", new Attachment("..", "text/plain", 10, "https://files.example.com/p"), "which is a path" },
    };

    [Theory]
    [MemberData(nameof(BadAttachments))]
    public async Task An_attachment_that_would_break_search_or_transcripts_is_refused_on_the_way_in(string why, Attachment? attachment, string rule)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        var fromContact = await desk.Conversations.ReceiveContactMessageAsync(Ids.Dave, Ids.Support, "see attached", [attachment!]);
        var fromAgent = await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "see attached", [attachment!]);

        fromContact.Refused(OperationErrorCode.InvalidArgument, rule);
        fromAgent.Refused(OperationErrorCode.InvalidArgument, rule);
        Assert.Equal(taken.MessageCount, (await desk.ReadAsync(taken.Id)).MessageCount);
        Assert.NotNull(why);
    }

    [Fact]
    public async Task A_null_attachment_or_too_many_attachments_are_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);
        var many = Enumerable.Range(0, 100_000).Select(i => new Attachment($"f{i}.txt", "text/plain", 1, $"https://files.example.com/{i}")).ToArray();

        await Assert.ThrowsAnyAsync<ArgumentException>(async () => await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "x", [null!]));
        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "x", many)).Refused(OperationErrorCode.InvalidArgument, "100000 attachments", "OmnichannelOptions.MaxAttachmentsPerMessage");

        Assert.Equal(taken.MessageCount, (await desk.ReadAsync(taken.Id)).MessageCount);
    }

    [Fact]
    public async Task Attachments_at_an_allowed_scheme_or_without_one_are_accepted()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.PostAgentMessageAsync(taken.Id, Ids.Alice, "files", [
            new Attachment("a.png", "image/png", 0, "https://files.example.com/a.png"),
            new Attachment("b.pdf", "application/pdf; name=b.pdf", 12, "http://files.example.com/b.pdf"),
            new Attachment("c.bin", "application/octet-stream", 5, "bucket/key-123"),
        ])).Ok();
    }

    [Fact]
    public async Task Closing_tags_are_bounded_in_length_and_number()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var taken = await desk.TakenAsync(Ids.Alice);

        var huge = await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = [new string('t', 1_000_000)] });
        var many = await desk.Conversations.CloseAsync(taken.Id, Actor.Agent(Ids.Alice), new CloseRequest { Tags = [.. Enumerable.Range(0, 100_000).Select(i => $"tag-{i}")] });

        huge.Refused(OperationErrorCode.InvalidArgument, "1000000 characters", "OmnichannelOptions.MaxTagLength");
        many.Refused(OperationErrorCode.InvalidArgument, "100000 tags", "OmnichannelOptions.MaxTagCount");
        Assert.Equal(ConversationState.Taken, (await desk.ReadAsync(taken.Id)).State);
    }

    [Fact]
    public async Task A_department_offering_unbounded_tags_or_a_huge_name_is_refused()
    {
        using var desk = await OmnichannelHarness.CreateAsync();

        (await desk.Departments.SaveAsync(new Department { Id = new("billing"), Name = new string('b', 1_000_000) }))
            .Refused(OperationErrorCode.InvalidDepartment, "OmnichannelOptions.MaxNameLength");
        (await desk.Departments.SaveAsync(new Department { Id = new("billing"), Name = "Billing", ClosingTags = [.. Enumerable.Range(0, 100_000).Select(i => $"tag-{i}")] }))
            .Refused(OperationErrorCode.InvalidDepartment, "OmnichannelOptions.MaxTagCount");
        (await desk.Departments.SaveAsync(new Department { Id = new("billing"), Name = "Billing", ClosingTags = [new string('t', 10_000)] }))
            .Refused(OperationErrorCode.InvalidDepartment, "OmnichannelOptions.MaxTagLength");
    }

    [Theory]
    [InlineData("call", -1, "-1")]
    [InlineData(" ", 1, "channel")]
    [InlineData("", 1, "channel")]
    [InlineData("two words", 1, "channel")]
    public async Task A_channel_capacity_below_zero_or_a_blank_channel_name_is_refused(string channel, int capacity, string rule)
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var capacities = ImmutableDictionary<string, int>.Empty.Add(channel, capacity);

        var registered = await desk.Agents.RegisterAsync(new Agent { Id = new("zed"), Username = "zed", Departments = [Ids.Support], ChannelCapacity = capacities });
        var updated = await desk.Agents.UpdateAsync(await desk.ReadAsync(Ids.Alice) with { ChannelCapacity = capacities });

        registered.Refused(OperationErrorCode.InvalidAgent, rule);
        updated.Refused(OperationErrorCode.InvalidAgent, rule);
        Assert.Null(await desk.Agents.GetAsync(new AgentId("zed")));
    }

    [Fact]
    public async Task Agent_names_and_collections_are_bounded()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var alice = await desk.ReadAsync(Ids.Alice);

        (await desk.Agents.UpdateAsync(alice with { DisplayName = new string('a', 1_000_000) })).Refused(OperationErrorCode.InvalidAgent, "OmnichannelOptions.MaxNameLength");
        (await desk.Agents.UpdateAsync(alice with { Username = new string('a', 1_000) })).Refused(OperationErrorCode.InvalidAgent, "OmnichannelOptions.MaxNameLength");
        (await desk.Agents.UpdateAsync(alice with { Skills = Enumerable.Range(0, 100_000).ToImmutableDictionary(i => $"skill-{i}", _ => 1) }))
            .Refused(OperationErrorCode.InvalidAgent, "OmnichannelOptions.MaxListLength");
        (await desk.Agents.UpdateAsync(alice with { Skills = ImmutableDictionary<string, int>.Empty.Add("spanish", -3) })).Refused(OperationErrorCode.InvalidAgent, "spanish");
        Assert.Equal(alice.Version, (await desk.ReadAsync(Ids.Alice)).Version);
    }

    [Fact]
    public async Task Durations_are_never_negative_after_the_clock_steps_back()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var queued = await desk.QueuedAsync();
        desk.Clock.Advance(Duration.FromMinutes(-10));

        var whileQueued = (await desk.Conversations.GetRoomInformationAsync(queued.Id, Actor.System)).Ok();
        (await desk.Conversations.TakeAsync(queued.Id, Ids.Alice)).Ok();
        (await desk.Conversations.PostAgentMessageAsync(queued.Id, Ids.Alice, "Hello")).Ok();
        var answered = (await desk.Conversations.GetRoomInformationAsync(queued.Id, Actor.System)).Ok();
        (await desk.Conversations.CloseAsync(queued.Id, Actor.Agent(Ids.Alice))).Ok();
        var closed = (await desk.Conversations.GetRoomInformationAsync(queued.Id, Actor.System)).Ok();

        foreach (var info in new[] { whileQueued, answered, closed })
        {
            Assert.Equal(Duration.Zero, info.QueueTime);
            Assert.Equal(Duration.Zero, info.ChatDuration);
        }

        Assert.Equal(Duration.Zero, answered.FirstResponseTime);
        Assert.Equal(Duration.Zero, answered.AverageResponseTime);
        Assert.Equal(Duration.Zero, (await desk.ReadAsync(queued.Id)).FirstResponseTime);
    }

    [Fact]
    public void Room_information_clamps_whatever_a_store_holds()
    {
        var start = Instant.FromUtc(2025, 1, 6, 9, 0);
        var conversation = new Conversation
        {
            Id = new("c-1"), ContactId = Ids.Dave, DepartmentId = Ids.Support, CreatedAt = start, QueuedAt = start,
            FirstTakenAt = start - Duration.FromMinutes(1), FirstResponseTime = Duration.FromSeconds(-5),
            ResponseTimeTotal = Duration.FromSeconds(-10), ResponseCount = 2,
        };

        var info = RoomInformation.From(conversation, start - Duration.FromHours(1));

        Assert.Equal((Duration.Zero, Duration.Zero, (Duration?)Duration.Zero, (Duration?)Duration.Zero),
            (info.QueueTime, info.ChatDuration, info.FirstResponseTime, info.AverageResponseTime));
    }

    private static T Get<T>(OmnichannelHarness desk)
        where T : notnull => desk.Services.GetRequiredService<T>();
}
