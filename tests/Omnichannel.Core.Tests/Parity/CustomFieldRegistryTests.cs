using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Omnichannel.Contacts;
using Omnichannel.Core.Tests.TestSupport;
using Omnichannel.DependencyInjection;
using Omnichannel.Conversations;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Parity;

/// <summary>The registry of custom fields (issue 15): every update of a contact's or a conversation's fields is checked, naming the field.</summary>
public sealed class CustomFieldRegistryTests
{
    private static void Registry(OmnichannelOptions options)
    {
        options.CustomFields.Add(new CustomFieldDefinition("cpf", CustomFieldScope.Contact) { Pattern = @"^\d{11}$", Required = true });
        options.CustomFields.Add(new CustomFieldDefinition("tier", CustomFieldScope.Contact));
        options.CustomFields.Add(new CustomFieldDefinition("order", CustomFieldScope.Conversation) { Pattern = @"^#\d+$" });
    }

    private static IContactService Contacts(OmnichannelHarness desk) => desk.Services.GetRequiredService<IContactService>();

    [Fact]
    public async Task A_contact_update_missing_a_required_field_is_refused_naming_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Registry);
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;

        (await Contacts(desk).UpdateAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("tier", "gold") }, Ids.Alice))
            .Refused(OperationErrorCode.InvalidCustomField, "'cpf'", "required");
    }

    [Fact]
    public async Task A_contact_field_not_matching_its_pattern_is_refused_naming_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Registry);
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;

        (await Contacts(desk).UpdateAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("cpf", "123") }, Ids.Alice))
            .Refused(OperationErrorCode.InvalidCustomField, "'cpf'", "pattern");
    }

    [Fact]
    public async Task A_contact_field_not_registered_is_refused_naming_it()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Registry);
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;

        (await Contacts(desk).UpdateAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("cpf", "12345678901").Add("shoe", "42") }, Ids.Alice))
            .Refused(OperationErrorCode.InvalidCustomField, "'shoe'", "not a registered");
    }

    [Fact]
    public async Task A_legacy_contact_field_no_longer_registered_is_kept_unchanged_and_does_not_fail_the_edit()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Registry);
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;
        // Saved before "shoe" was unregistered (straight to the store, as an older version of the registry allowed it).
        await desk.Contacts.SaveAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("cpf", "12345678901").Add("shoe", "42") }, CancellationToken.None);
        dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;

        var changed = (await Contacts(desk).UpdateAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("cpf", "10987654321").Add("shoe", "44") }, Ids.Alice)).Ok();
        Assert.Equal(("10987654321", "42"), (changed.CustomFields["cpf"], changed.CustomFields["shoe"]));

        var omitted = (await Contacts(desk).UpdateAsync(changed with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("cpf", "10987654321").Add("tier", "gold") }, Ids.Alice)).Ok();
        Assert.Equal(("gold", "42"), (omitted.CustomFields["tier"], omitted.CustomFields["shoe"]));

        var dropped = (await Contacts(desk).UpdateAsync(omitted with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("cpf", "10987654321") }, Ids.Alice)).Ok();
        Assert.False(dropped.CustomFields.ContainsKey("tier"));
        Assert.Equal("42", dropped.CustomFields["shoe"]);

        (await Contacts(desk).UpdateAsync(dropped with { CustomFields = dropped.CustomFields.Add("hat", "7") }, Ids.Alice))
            .Refused(OperationErrorCode.InvalidCustomField, "'hat'", "not a registered");
    }

    [Fact]
    public async Task Valid_contact_fields_are_stored()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Registry);
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;

        var stored = (await Contacts(desk).UpdateAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("cpf", "12345678901").Add("tier", "gold") }, Ids.Alice)).Ok();

        Assert.Equal("12345678901", stored.CustomFields["cpf"]);
    }

    [Fact]
    public async Task Registering_a_contact_checks_the_registry_too()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Registry);

        (await Contacts(desk).RegisterAsync(new Contact { Id = new ContactId("new-1"), Name = "Nina" })).Refused(OperationErrorCode.InvalidCustomField, "'cpf'");
    }

    [Fact]
    public async Task Without_a_registry_any_field_is_accepted()
    {
        using var desk = await OmnichannelHarness.CreateAsync();
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;

        (await Contacts(desk).UpdateAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("anything", "goes") }, Ids.Alice)).Ok();
    }

    [Fact]
    public async Task Conversation_custom_fields_are_checked_against_the_registry_on_every_edit()
    {
        using var desk = await OmnichannelHarness.CreateAsync(Registry);
        var taken = await desk.TakenAsync(Ids.Alice);

        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate { CustomFields = new Dictionary<string, string> { ["order"] = "42" } }))
            .Refused(OperationErrorCode.InvalidCustomField, "'order'", "pattern");
        (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate { CustomFields = new Dictionary<string, string> { ["cpf"] = "12345678901" } }))
            .Refused(OperationErrorCode.InvalidCustomField, "'cpf'");
        var edited = (await desk.Conversations.UpdateRoomInformationAsync(taken.Id, Ids.Alice, new RoomInformationUpdate { CustomFields = new Dictionary<string, string> { ["order"] = "#42" } })).Ok();

        Assert.Equal("#42", edited.CustomFields["order"]);
        Assert.Equal("#42", (await desk.ReadAsync(taken.Id)).CustomFields["order"]);
    }

    [Fact]
    public async Task A_pattern_that_backtracks_for_long_refuses_the_value_instead_of_stalling()
    {
        using var desk = await OmnichannelHarness.CreateAsync(o => o.CustomFields.Add(new CustomFieldDefinition("x", CustomFieldScope.Contact) { Pattern = "^(a+)+$" }));
        var dave = (await desk.Contacts.GetAsync(Ids.Dave, CancellationToken.None))!;

        (await Contacts(desk).UpdateAsync(dave with { CustomFields = ImmutableDictionary<string, string>.Empty.Add("x", new string('a', 40) + "!") }, Ids.Alice))
            .Refused(OperationErrorCode.InvalidCustomField, "'x'");
    }

    [Fact]
    public void A_registry_with_a_bad_pattern_or_a_duplicate_is_refused_at_start_up()
    {
        var error = Assert.Throws<OptionsValidationException>(() => new OmnichannelHarness(o =>
        {
            o.CustomFields.Add(new CustomFieldDefinition("a", CustomFieldScope.Contact) { Pattern = "([" });
            o.CustomFields.Add(new CustomFieldDefinition("b", CustomFieldScope.Contact));
            o.CustomFields.Add(new CustomFieldDefinition("b", CustomFieldScope.Contact));
        }).Dispose());

        Assert.Contains("pattern of field 'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains("field 'b' is registered twice", error.Message, StringComparison.Ordinal);
    }
}
