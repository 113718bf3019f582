using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Omnichannel.Conversations;
using Omnichannel.Lifecycle;
using Omnichannel.Operations;

namespace Omnichannel.Core.Tests.Lifecycle;

/// <summary>
/// Writes docs/lifecycle.md from the code: the Mermaid diagram Stateless exports, the transitions and guards read
/// from the machine's <c>GetInfo()</c>, and the states' and triggers' meanings read from Core's XML documentation.
/// </summary>
internal static partial class LifecycleDocument
{
    public const string RelativePath = "docs/lifecycle.md";

    public const string UpdateVariable = "OMNICHANNEL_UPDATE_DOCS";

    public const string RegenerateCommand = $"{UpdateVariable}=1 dotnet test tests/Omnichannel.Core.Tests --filter Lifecycle";

    /// <summary>The <see cref="IConversationService"/> operations that fire each trigger.</summary>
    private static readonly Dictionary<ConversationTrigger, string> FiredBy = new()
    {
        [ConversationTrigger.Take] = $"{nameof(IConversationService.TakeAsync)}, {nameof(IConversationService.AssignAsync)}",
        [ConversationTrigger.ReturnToQueue] = nameof(IConversationService.ReturnToQueueAsync),
        [ConversationTrigger.Forward] = nameof(IConversationService.ForwardAsync),
        [ConversationTrigger.CompleteForwardToAgent] = $"{nameof(IConversationService.ForwardAsync)}, {nameof(IConversationService.ResolvePendingForwardAsync)}",
        [ConversationTrigger.CompleteForwardToDepartment] = $"{nameof(IConversationService.ForwardAsync)}, {nameof(IConversationService.ResolvePendingForwardAsync)}",
        [ConversationTrigger.FailForward] = $"{nameof(IConversationService.ForwardAsync)}, {nameof(IConversationService.ResolvePendingForwardAsync)}",
        [ConversationTrigger.PlaceOnHold] = nameof(IConversationService.PlaceOnHoldAsync),
        [ConversationTrigger.Resume] = $"{nameof(IConversationService.ResumeAsync)}, {nameof(IConversationService.ReceiveContactMessageAsync)}",
        [ConversationTrigger.ResumeToQueue] = nameof(IConversationService.ReceiveContactMessageAsync),
        [ConversationTrigger.MoveToDepartment] = nameof(IConversationService.MoveToDepartmentAsync),
        [ConversationTrigger.Close] = nameof(IConversationService.CloseAsync),
    };

    public static string Generate()
    {
        var docs = XmlDocs.Load(typeof(ConversationLifecycle).Assembly);
        var info = ConversationLifecycle.CreateMachine(ConversationState.Queued).GetInfo();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
            # The conversation lifecycle

            <!-- Generated from src/Omnichannel.Core/Lifecycle/ConversationLifecycle.cs by
                 tests/Omnichannel.Core.Tests/Lifecycle/LifecycleDocument.cs; do not edit by hand.
                 Regenerate with: {RegenerateCommand} -->

            A conversation's lifecycle is defined once, with [Stateless](https://github.com/dotnet-state-machine/stateless),
            in `ConversationLifecycle` (its internal `CreateMachine`; the diagram is public as text: `ToMermaid()`, `ToDotGraph()`). The library does not fire a Stateless machine per operation (it
            allocates on every fire and is not thread-safe): the definition is compiled once into an immutable table that
            every thread shares, and a test drives both for every state, trigger and guard outcome and checks they agree.
            Every transition publishes `ConversationStateChanged`; a refused one answers `InvalidTransition`,
            `GuardNotMet` or, on a closed conversation, `ConversationClosed`.

            ## Diagram

            Exported by Stateless (`ConversationLifecycle.ToMermaid()`, which calls `MermaidGraph.Format`).

            ```mermaid

            """);
        text.Append(ConversationLifecycle.ToMermaid().ReplaceLineEndings("\n").TrimEnd('\n'));
        text.Append("""

            ```

            ## States

            | State | Meaning |
            |---|---|

            """);
        foreach (var state in Enum.GetValues<ConversationState>())
        {
            text.Append(CultureInfo.InvariantCulture, $"| {state} | {docs.Summary(state)} |\n");
        }

        text.Append("""

            ## Transitions

            | From | Trigger | To | Guard |
            |---|---|---|---|

            """);
        foreach (var state in info.States.OrderBy(s => (ConversationState)s.UnderlyingState))
        {
            foreach (var transition in state.FixedTransitions.OrderBy(t => (ConversationTrigger)t.Trigger.UnderlyingTrigger))
            {
                var guards = transition.GuardConditionsMethodDescriptions.Select(g => g.Description).ToList();
                text.Append(CultureInfo.InvariantCulture, $"| {state.UnderlyingState} | {transition.Trigger.UnderlyingTrigger} | {transition.DestinationState.UnderlyingState} | {(guards.Count == 0 ? "-" : string.Join("; ", guards))} |\n");
            }

            if (!state.FixedTransitions.Any())
            {
                text.Append(CultureInfo.InvariantCulture, $"| {state.UnderlyingState} | (none: final) | | |\n");
            }
        }

        text.Append("""

            ## Triggers

            | Trigger | Meaning | Fired by |
            |---|---|---|

            """);
        foreach (var trigger in Enum.GetValues<ConversationTrigger>())
        {
            var operations = FiredBy.TryGetValue(trigger, out var fired) ? fired
                : throw new InvalidOperationException($"LifecycleDocument.FiredBy does not say which operation fires {trigger}.");
            text.Append(CultureInfo.InvariantCulture, $"| {trigger} | {docs.Summary(trigger)} | `{operations.Replace(", ", "`, `", StringComparison.Ordinal)}` |\n");
        }

        text.Append("""

            ## Forwarded is a stored state

            A forward takes two stored steps. `ForwardAsync` first stores the conversation as **Forwarded** with its
            `PendingForward` (target, forwarding agent, comment); the forwarding agent keeps it, and it still counts toward
            their capacity. The forward then ends in a second write: the target agent gets it (`CompleteForwardToAgent`,
            checked against the target's capacity in the same atomic write), the target department's queue takes it
            (`CompleteForwardToDepartment`), or it fails back to the forwarding agent (`FailForward`) with a reason:
            `TargetOffline`, `TargetAtCapacity`, `NotAllowed`, `SameAsSource` or `Unknown`. Either way the transfer history
            records it and `ForwardCompleted` tells the forwarding agent. Because the intermediate state is stored, a
            process that stops between the two writes leaves a Forwarded conversation rather than a lost one, and
            `ResolvePendingForwardAsync` completes it later.

            """);
        return text.ToString();
    }

    /// <summary>The summaries of Core's XML documentation file, as plain Markdown text.</summary>
    private sealed partial class XmlDocs(Dictionary<string, string> summaries)
    {
        public static XmlDocs Load(Assembly assembly)
        {
            var path = Path.ChangeExtension(assembly.Location, ".xml");
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"Core's XML documentation is not next to {assembly.Location}; it is generated by the build (GenerateDocumentationFile).", path);
            }

            var summaries = XDocument.Load(path).Descendants("member")
                .Where(m => m.Element("summary") is not null)
                .ToDictionary(m => (string)m.Attribute("name")!, m => Flatten(m.Element("summary")!), StringComparer.Ordinal);
            return new XmlDocs(summaries);
        }

        public string Summary<TEnum>(TEnum value)
            where TEnum : struct, Enum
        {
            var key = $"F:{typeof(TEnum).FullName}.{value}";
            return summaries.TryGetValue(key, out var summary) ? summary
                : throw new InvalidOperationException($"{typeof(TEnum).Name}.{value} has no XML summary.");
        }

        private static string Flatten(XElement summary)
        {
            var text = new StringBuilder();
            foreach (var node in summary.Nodes())
            {
                text.Append(node switch
                {
                    XText plain => plain.Value,
                    XElement { Name.LocalName: "see" } see => $"`{((string?)see.Attribute("cref"))?.Split('.')[^1] ?? see.Value}`",
                    XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
                    XElement other => other.Value,
                    _ => string.Empty,
                });
            }

            return Whitespace().Replace(text.ToString(), " ").Trim().Replace("|", "\\|", StringComparison.Ordinal);
        }

        [GeneratedRegex(@"\s+")]
        private static partial Regex Whitespace();
    }
}
