using System.Collections.Immutable;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.Operations;
using static Omnichannel.Workspace.Tests.WorkspaceHarness;

namespace Omnichannel.Core.Tests.Contacts;

/// <summary>Viewing and editing contact information: permissions, validation, concurrent edits.</summary>
public sealed class ContactServiceTests
{
    [Fact]
    public async Task An_agent_views_the_contact_of_their_conversation()
    {
        using var desk = await CreateAsync();
        var conversation = await desk.TakenAsync(Alice, Dave);

        var contact = (await desk.Contacts.GetForConversationAsync(conversation.Id, Alice)).Ok();

        Assert.Equal(("Dave Doe", "dave@example.com"), (contact.Name, contact.Emails[0]));
    }

    [Fact]
    public async Task Agents_of_other_departments_do_not_see_the_contact_of_a_conversation()
    {
        using var desk = await CreateAsync();
        var conversation = await desk.TakenAsync(Alice, Dave);

        (await desk.Contacts.GetForConversationAsync(conversation.Id, Sam)).Refused(OperationErrorCode.NotDepartmentMember, "'sam'", $"'{conversation.Id}'");
    }

    [Fact]
    public async Task Reading_a_contact_needs_ReadContact_and_editing_needs_EditContact_separately()
    {
        using var desk = await CreateAsync();
        // Changed on purpose (issue 11): reading a contact is its own permission, apart from editing one.
        await desk.AgentAsync(new AgentId("rex"), Support, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.EditContact });
        await desk.AgentAsync(new AgentId("nora"), Support, a => a with { Permissions = AgentPermissions.DefaultAgent & ~AgentPermissions.ReadContact });
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        (await desk.Contacts.GetAsync(Dave, new AgentId("rex"))).Ok();
        (await desk.Contacts.UpdateAsync(dave with { Name = "X" }, new AgentId("rex"))).Refused(OperationErrorCode.NotPermitted, "'rex'", "EditContact");
        (await desk.Contacts.GetAsync(Dave, new AgentId("nora"))).Refused(OperationErrorCode.NotPermitted, "'nora'", "ReadContact");
        (await desk.Contacts.GetAsync(Dave, Uma)).Refused(OperationErrorCode.NotPermitted, "not an omnichannel agent");
    }

    [Fact]
    public async Task An_edit_is_trimmed_validated_and_stored_at_the_next_version()
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        var edited = (await desk.Contacts.UpdateAsync(dave with
        {
            Name = "  David Doe ",
            Emails = ["david@example.com ", "dave@example.com"],
            Phones = ["(555) 010-2030", "+44 20 7946 0958"],
            CustomFields = ImmutableDictionary<string, string>.Empty.Add("crm-id", "4711").Add("tier", "gold"),
            ManagerId = Bob,
        }, Mia)).Ok(); // Changed on purpose (issue 11): naming the contact's manager is a manager's permission.

        Assert.Equal(dave.Version + 1, edited.Version);
        Assert.Equal("David Doe", edited.Name);
        Assert.Equal(["david@example.com", "dave@example.com"], edited.Emails.ToArray());
        Assert.Equal("4711", (await desk.Contacts.GetAsync(Dave, Bob)).Ok().CustomFields["crm-id"]);
    }

    [Theory]
    [InlineData("dave", "'dave' is not an email address")]
    [InlineData("dave@", "'dave@' is not an email address")]
    [InlineData("@example.com", "is not an email address")]
    [InlineData("dave@localhost", "is not an email address")]
    [InlineData("dave smith@example.com", "is not an email address")]
    [InlineData("Dave <dave@example.com>", "is not an email address")]
    [InlineData("dave@example..com", "is not an email address")]
    [InlineData("", "An email address is empty")]
    public async Task Malformed_email_addresses_are_refused(string email, string problem)
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        var refused = await desk.Contacts.UpdateAsync(dave with { Emails = [email] }, Alice);

        refused.Refused(OperationErrorCode.InvalidContact, "Contact 'dave' is not valid", problem);
    }

    [Theory]
    [InlineData("+1 (555) 010-2030")]
    [InlineData("555.010.2030")]
    [InlineData("+491701234567")]
    [InlineData("12345")]
    public async Task Well_formed_phone_numbers_are_accepted(string phone)
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        (await desk.Contacts.UpdateAsync(dave with { Phones = [phone] }, Alice)).Ok();
    }

    [Theory]
    [InlineData("call me")]
    [InlineData("1234")]
    [InlineData("+1 555 0100 2000 3000 4")]
    [InlineData("555+0102")]
    [InlineData("555-0102 ext. 4")]
    public async Task Malformed_phone_numbers_are_refused(string phone)
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        var refused = await desk.Contacts.UpdateAsync(dave with { Phones = [phone] }, Alice);

        refused.Refused(OperationErrorCode.InvalidContact, $"'{phone}' is not a phone number");
    }

    [Fact]
    public async Task Every_problem_is_listed_at_once_and_nothing_is_stored()
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        var refused = await desk.Contacts.UpdateAsync(dave with
        {
            Name = " ",
            Emails = ["a@example.com", "A@Example.com"],
            Phones = [.. Enumerable.Range(0, ContactLimits.MaxPhones + 1).Select(i => $"+1 555 010 {i:0000}")],
            CustomFields = ImmutableDictionary<string, string>.Empty.Add("bad key", "x").Add("note", new string('n', ContactLimits.MaxCustomFieldValueLength + 1)),
            ManagerId = new AgentId("ghost"),
        }, Alice);

        refused.Refused(OperationErrorCode.InvalidContact,
            "The name is empty", "'A@Example.com' is listed twice", $"at most {ContactLimits.MaxPhones}",
            "Custom field name 'bad key' is not valid", $"Custom field 'note' has {ContactLimits.MaxCustomFieldValueLength + 1} characters", "'ghost' is not a known agent");
        Assert.Equal(dave, await desk.ContactStore.GetAsync(Dave, CancellationToken.None));
    }

    [Fact]
    public async Task A_name_longer_than_the_limit_is_refused()
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        var refused = await desk.Contacts.UpdateAsync(dave with { Name = new string('d', ContactLimits.MaxNameLength + 1) }, Alice);

        refused.Refused(OperationErrorCode.InvalidContact, $"at most {ContactLimits.MaxNameLength}");
    }

    [Theory]
    [InlineData("\u200B")]
    [InlineData(" \uFEFF\u200D ")]
    public async Task A_name_of_invisible_characters_only_is_refused_as_empty(string name)
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        (await desk.Contacts.UpdateAsync(dave with { Name = name }, Alice)).Refused(OperationErrorCode.InvalidContact, "Contact 'dave'", "The name is empty.");
        (await desk.Contacts.RegisterAsync(new Contact { Id = new ContactId("nobody"), Name = name })).Refused(OperationErrorCode.InvalidContact, "The name is empty.");

        Assert.Equal(dave, await desk.ContactStore.GetAsync(Dave, CancellationToken.None));
        Assert.Null(await desk.ContactStore.GetAsync(new ContactId("nobody"), CancellationToken.None));
    }

    [Theory]
    [InlineData("Dave\u2028Bcc: evil", "the line separator U+2028 (at character 5)")]
    [InlineData("Dave\u2029Admin", "the paragraph separator U+2029 (at character 5)")]
    public async Task A_name_holding_a_unicode_line_or_paragraph_separator_is_refused_as_more_than_one_line(string name, string reason)
    {
        using var desk = await CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        (await desk.Contacts.UpdateAsync(dave with { Name = name }, Alice)).Refused(OperationErrorCode.InvalidContact, "Contact 'dave'", reason);
        (await desk.Contacts.RegisterAsync(new Contact { Id = new ContactId("nobody"), Name = name })).Refused(OperationErrorCode.InvalidContact, reason);

        Assert.Equal(dave, await desk.ContactStore.GetAsync(Dave, CancellationToken.None));
        Assert.Null(await desk.ContactStore.GetAsync(new ContactId("nobody"), CancellationToken.None));
    }

    [Fact]
    public async Task The_second_of_two_concurrent_edits_gets_a_conflict_instead_of_overwriting()
    {
        using var desk = await CreateAsync();
        var readByAlice = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();
        var readByBob = (await desk.Contacts.GetAsync(Dave, Bob)).Ok();

        (await desk.Contacts.UpdateAsync(readByAlice with { Phones = ["+1 555 999 0000"] }, Alice)).Ok();
        var second = await desk.Contacts.UpdateAsync(readByBob with { Name = "Dave D." }, Bob);

        second.Refused(OperationErrorCode.Conflict, "Contact 'dave' was changed by someone else", "'bob'", $"edited version {readByBob.Version}", $"now at version {readByBob.Version + 1}");
        var stored = (await desk.Contacts.GetAsync(Dave, Bob)).Ok();
        Assert.Equal(("Dave Doe", "+1 555 999 0000"), (stored.Name, stored.Phones[0]));
    }

    [Fact]
    public async Task Of_many_simultaneous_edits_of_one_read_exactly_one_is_stored()
    {
        using var desk = await CreateAsync();
        var read = (await desk.Contacts.GetAsync(Dave, Alice)).Ok();

        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
            await desk.Contacts.UpdateAsync(read with { Name = $"Dave {i}" }, Alice))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(OperationErrorCode.Conflict, r.Error!.Code));
        Assert.Equal(read.Version + 1, (await desk.Contacts.GetAsync(Dave, Alice)).Ok().Version);
    }

    [Fact]
    public async Task Registering_validates_and_refuses_an_existing_contact()
    {
        using var desk = await CreateAsync();

        var fresh = (await desk.Contacts.RegisterAsync(new Contact { Id = new ContactId("fay"), Name = " Fay ", Phones = [" +1 555 010 7777 "] })).Ok();
        var invalid = await desk.Contacts.RegisterAsync(new Contact { Id = new ContactId("gus"), Name = "Gus", Emails = ["gus"] });
        var again = await desk.Contacts.RegisterAsync(new Contact { Id = Dave, Name = "Dave twice" });

        Assert.Equal(("Fay", "+1 555 010 7777", 1L), (fresh.Name, fresh.Phones[0], fresh.Version));
        invalid.Refused(OperationErrorCode.InvalidContact, "'gus' is not an email address");
        again.Refused(OperationErrorCode.Conflict, "already registered");
    }

    [Fact]
    public async Task Editing_an_unknown_contact_is_refused()
    {
        using var desk = await CreateAsync();

        var refused = await desk.Contacts.UpdateAsync(new Contact { Id = new ContactId("nobody"), Name = "Nobody", Version = 1 }, Alice);

        refused.Refused(OperationErrorCode.NotFound, "'nobody'");
    }
}
