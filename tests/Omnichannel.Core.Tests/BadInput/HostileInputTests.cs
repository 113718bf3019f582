using FsCheck;
using FsCheck.Fluent;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.BadInput;

/// <summary>
/// Generated hostile values thrown at every public operation of Core's services (see <see cref="HostileOperations"/>).
/// Each call must end in a result or an <see cref="ArgumentException"/> (a caller bug), never in another exception; a
/// refusal must leave every store exactly as it was (snapshot and write count); a read never writes; and whatever was
/// accepted must still read back (room information, attachments, search, history) without throwing.
/// </summary>
public sealed class HostileInputTests
{
    /// <summary>Calls per operation: 40 in every run (about 2,000 in all); set OMNICHANNEL_HOSTILE_CALLS for a deeper one (for example 1000).</summary>
    private static readonly int CallsPerOperation = int.TryParse(Environment.GetEnvironmentVariable("OMNICHANNEL_HOSTILE_CALLS"), out var calls) && calls > 0 ? calls : 40;

    public static TheoryData<string> Operations => [.. HostileOperations.All.Keys];

    [Theory]
    [MemberData(nameof(Operations))]
    public void Hostile_arguments_are_refused_cleanly_and_refusals_write_nothing(string operation)
    {
        var config = Config.QuickThrowOnFailure.WithMaxTest(CallsPerOperation).WithQuietOnSuccess(true);
        Check.One(config, Prop.ForAll(Arb.From(HostileOperations.All[operation]), call => HostileCheck.RunAsync(call).GetAwaiter().GetResult()));
    }

    [Fact]
    public Task An_identifier_with_a_NUL_is_refused_as_a_caller_bug_in_memory_as_on_every_store() => NulIdentifierChecks.AssertRefusedAsync();

    [Fact]
    public Task The_conversation_list_finds_text_ignoring_case_in_every_script_in_memory() => TextSearchChecks.AssertSameOnEveryStoreAsync();

    [Fact]
    public Task An_identifier_with_an_unpaired_surrogate_is_refused_in_memory_as_on_every_store() => SurrogateIdentifierChecks.AssertRefusedAsync();

    [Fact]
    public void Every_public_operation_of_every_core_service_is_covered()
    {
        var services = new[]
        {
            typeof(IConversationService), typeof(IAgentService), typeof(IDepartmentService), typeof(Omnichannel.Contacts.IContactService),
            typeof(Omnichannel.Workspace.CannedResponses.ICannedResponseService), typeof(Omnichannel.Workspace.Search.IConversationSearchService), typeof(Omnichannel.Workspace.Contacts.IContactHistoryService), typeof(Omnichannel.Workspace.Calls.ICallService),
        };
        var missing = services
            .SelectMany(s => s.GetMethods().Where(m => !m.IsSpecialName).Select(m => $"{s.Name}.{m.Name}"))
            .Distinct()
            .Where(name => !HostileOperations.All.Keys.Any(key => key == name || key.StartsWith(name + "(", StringComparison.Ordinal)))
            .ToList();

        Assert.Empty(missing);
    }
}
