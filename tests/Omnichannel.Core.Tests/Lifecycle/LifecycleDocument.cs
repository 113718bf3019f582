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
        [ConversationTrigger.FailForwardToQueue] = $"{nameof(IConversationService.ForwardAsync)}, {nameof(IConversationService.ResolvePendingForwardAsync)}",
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
            `TargetOffline`, `TargetAtCapacity`, `NotAllowed`, `SameAsSource`, `DepartmentDisabled`, `Unknown`, `NobodyAvailable` or
            `AgentNotInDepartment`. Either way the transfer history
            records it and `ForwardCompleted` tells the forwarding agent. Because the intermediate state is stored, a
            process that stops between the two writes leaves a Forwarded conversation rather than a lost one, and
            `ResolvePendingForwardAsync` completes it later.

            A **queued** conversation (nobody serves it yet) may be forwarded too, as in the anchor (`livechat/room.forward` on
            a room with an inquiry and no agent): by an agent who supervises its department (a manager) with the
            ForwardConversation permission. The same two steps and rules apply (same department, disabled or unknown target,
            nobody available, target agent not Available or at capacity, ...); the target department's queue takes it, or the
            target agent gets it straight away (a manager may hand it to themselves). The pending forward has `FromQueue` set,
            and a failure leaves it in its own queue at its place (`FailForwardToQueue`, back to **Queued**), not with the
            manager. A closed conversation is never forwarded.

            ## Workspace and department settings

            The settings of the anchor (Rocket.Chat omnichannel) that change the lifecycle's rules, in `OmnichannelOptions`
            (validated at start-up; a refusal names the setting) and on each `Department`. Defaults are the anchor's.

            | Setting | Default | Anchor's setting | Rule |
            |---|---|---|---|
            | `AcceptConversationsWithNoAgentsOnline` | false | `Livechat_accept_chats_with_no_agents` (false) | When false, a contact's first message to a department where no agent is online (Available, or Away with `RouteToAwayAgents`; bots count) is refused with `Offline`, whose `OperationError.OfflineMessage` is the department's `OfflineMessage`; nothing is stored. A message to an open conversation goes on. When true, it queues. |
            | `RouteToAwayAgents` | false | `Livechat_enabled_when_agent_idle` (its idle is automatic; our Away is chosen, so off) | Away agents count as online and routing assigns to them (`AssignAsync`); they still cannot `TakeAsync` or resume. |
            | `MaxConversationsPerAgent` | 0 (none), 0 to 100,000 | `Livechat_maximum_chats_per_agent` (0) | The limit over all departments of an agent with no `MaxSimultaneousConversations` of their own; the department's `MaxChatsPerAgent` applies as well. Part of the one capacity rule, `CapacityClaim.For`, which every store's atomic claim checks (SQL included). Bots (`Agent.IsBot`) have no limit. |
            | `RequireCommentToClose` | false | `Livechat_request_comment_when_closing_conversation` (true, but only its close dialog asks; its API closes without one) | An agent's close without a comment (blank counts as none) is refused with `CommentRequired`; a contact's or the system's close is not. |
            | `AllowContactsToClose` | true | `Omnichannel_allow_visitors_to_close_conversation` (true) | When false, `CloseAsync(id, Actor.Contact(...))` is refused with `NotPermitted`. |
            | `AllowHoldWhenContactWroteLast` | false | `Livechat_allow_manual_on_hold_upon_agent_engagement_only` (true: the agent must have answered) | When true, `PlaceOnHold` waives the guard "the agent sent the last message" (the state rules still apply). |
            | `AlwaysSendTranscriptEmail` | false | `Livechat_transcript_send_always` (false) | Every close chooses "send the transcript by email", beside the closer's choice and the serving agent's `TranscriptPreferences`. |
            | `TranscriptsEnabled` | false | `Livechat_enable_transcript` (false) | Contacts may ask for a transcript by email (`ITranscriptService.RequestEmailAsync` with a contact actor); agents always may. |
            | `AssignNewConversationsToBotsFirst` | false | `Livechat_assign_new_conversation_to_bot` (false) | Routing gives a conversation nobody has served yet to an eligible bot (fewest open conversations, then id) before any person. |
            | `CustomFields` | none | Omnichannel custom fields (name, regexp, required, scope visitor/room) | Every contact register/update and every room-information edit of a conversation's custom fields is checked; `InvalidCustomField` names the field (not registered, required and missing, or not matching its pattern). |
            | `Department.Enabled` | true | department "enabled" (true) | A disabled department refuses first messages (`DepartmentDisabled`), is no forward target (`DepartmentDisabled` forward failure) or move target, and keeps its conversations and history. |
            | `Department.OfflineMessage` | none | department offline message | Carried by the `Offline` refusal. |
            | `Department.WaitingQueueMessage` | none | `Livechat_waiting_queue_message` (empty), per department | Posted to the contact as a system message in the write that queues a new conversation. |

            """);
        // The seed's rules and the host's (issue 11), written here so the generated document keeps them.
        text.Append("""

            ## Forward rules (the guide's)

            - **To a department nobody can serve.** A forward to a department where no agent other than the forwarder is online,
              Available and allowed to take conversations fails with `NobodyAvailable`, and the conversation stays with the
              forwarding agent, unless the department's `AcceptForwardsWhenNobodyOnline` is set (default **false**): then it is
              queued there.
            - **Its fallback department** (the anchor's fallback forward department). When that department has a
              `FallbackDepartmentId`, such a forward goes on to it (and along its own fallback in turn, passing over disabled
              departments and those where the contact already has an open conversation, never back to the conversation's own
              department, never in a loop) and is queued in the first that someone can serve or that accepts forwards while
              nobody is online. The transfer record and `ForwardResult.Target` name the department it went to, and the system
              message says *"... to department Billing (the fallback of Sales, where nobody is available)."*. Only when the
              chain ends nowhere does it fail with `NobodyAvailable`.
            - **At arrival, too** (the anchor's "redirect chat to fallback department when all agents in the initial department are
              offline"): a contact's first message to an enabled department where nobody is online (Available, or Away when Away
              agents are routed; never a deactivated agent), which the offline rule would refuse, creates the conversation in the
              first enabled department along the fallback chain where somebody is (log event 983). A contact with an open
              conversation in the department writes on in it; when nobody is online along the chain, the offline rule applies to
              the department written to. With `AcceptConversationsWithNoAgentsOnline` the conversation is queued where it was
              sent (routing's `OverflowAfter` may move it to the fallback later).
            - **To an agent of a disabled department.** A disabled department takes no conversations through its agents either:
              `ToAgentInDepartment` naming a disabled department, or `ToAgent` whose only departments it may go to are disabled,
              fails with `DepartmentDisabled`.
            - **To a named agent of a department** (the guide's form): `ForwardTarget.ToAgentInDepartment(agent, department)`.
              The agent must belong to that department (`AgentNotInDepartment` otherwise); the conversation moves there with them.
              `ToAgent(agent)` keeps choosing the agent's department as before; `ToDepartment(department)` queues it there.
            - **The system message.** A completed forward appends a system message (author id `SystemMessageSources.Forward`):
              *"Alice Martin forwarded the conversation to Bob Durand (Billing). Comment: Invoice 42 is doubled"*, or *"... to
              department Billing."*, in the same atomic write as the forward, so the receiving agent sees it and a transcript with
              system messages shows it. A failed forward leaves none (the transfer history records it).

            ## System messages

            Like the anchor, every lifecycle step leaves a system message (`AuthorKind.System`, its `AuthorId` a
            `SystemMessageSources` constant) in the conversation's log, appended by the same atomic write as the state change, so
            the log never shows a step that was not stored nor misses one that was; a refused step writes none.

            | Step | `SystemMessageSources` | Text | Anchor's message type |
            |---|---|---|---|
            | Take, or assignment by routing | `AgentJoined` | *"Alice Martin joined the conversation."* | `uj` |
            | Place on hold | `PlacedOnHold` | *"Alice Martin placed the conversation on hold."* | `omnichannel_placed_chat_on_hold` |
            | Resume by the agent | `Resumed` | *"Alice Martin resumed the conversation."* | `omnichannel_on_hold_chat_resumed` |
            | Contact writes to an on-hold conversation | `Resumed` (after the contact's message) | *"The contact wrote again: the conversation left hold."*, or *"... left hold and went back to the queue, as its agent cannot serve it now."* | `omnichannel_on_hold_chat_resumed` |
            | Return to the queue | `ReturnedToQueue` | *"Alice Martin moved the conversation back to the queue."*, or by the system *"The conversation was moved back to the queue."* | `livechat_transfer_history` (scope queue) |
            | Forward (completed) | `Forward` | see above | `livechat_transfer_history` |
            | Close | `Closed` | *"Alice Martin closed the conversation. Comment: ..."*, *"The contact closed the conversation."*, *"The conversation was closed (abandoned)."* | `livechat-close` |

            System messages never count as anyone's answer: `Conversation.LastAuthorKind` (the hold guard "the agent sent the
            last message"), `ContactWaitingSince` and the response times move only with contact, agent and bot messages, and
            routing's "unanswered" check looks for the agent's own messages. `MessageCount` is the length of the log and counts
            them. Each is published as a `MessagePosted` (before the `ConversationStateChanged` of the same version). Transcripts
            show them as "System" lines when `TranscriptSettings.IncludeSystemMessages` is set (the anchor's
            `Livechat_transcript_show_system_messages`, off by default). Not written: the anchor's `livechat-started` at creation
            (the contact's first message is message 1).

            ## Rules a host sets

            | Setting | Where | Default | What it does |
            |---|---|---|---|
            | `Priorities` | `OmnichannelOptions` | Highest, High, Medium, Low, Lowest | the priority names, in serving order; a conversation without priority is served after all |
            | `ServiceLevelPolicies` | `OmnichannelOptions` | none | SLA policies (name, `DueAfter`); a conversation under one is due `DueAfter` after it arrived |
            | `IArrivalRules` | service collection | none | the host's rules (VIP contact, channel, keywords) giving a new conversation its priority and SLA, consulted once when the first message creates it; no manager needed; unknown names are logged (301) and ignored, a throwing rule is logged (302) and the message is still queued |
            | `BusinessHours` | `Department` | null (always open) | tzdb `TimeZoneId` (default UTC), `Weekly` opening hours, `Holidays`, `OutsideHours` (`Queue`, default, or `Refuse`), `OfflineMessage`, `RouteOutsideHours` (default false) |
            | `AcceptForwardsWhenNobodyOnline` | `Department` | false | accept a forward while nobody of the department is Available |
            | `FallbackDepartmentId` | `Department` | none | where a forward goes when nobody of the department is Available (and routing's `OverflowAfter` overflows); where a new conversation goes when nobody of the department is online |
            | `CloseAbandonedAfter` | `OmnichannelOptions` | off | close a taken conversation by the system, reason `abandoned`, when the contact has not written for this long after the agent answered |
            | `CloseOnHoldAfter` | `OmnichannelOptions` | off | close a conversation on hold this long, by the system, reason `on-hold-timeout` |
            | `TypingThrottleInterval` | `OmnichannelOptions` | 2 seconds | at most one "typing" event per actor and conversation per interval |
            | `TypingExpiry` | `OmnichannelOptions` | 5 seconds | a "stopped typing" event after this much silence |
            | managed tags | `ITagService` / `ITagStore` | none | tags per department or global, offered at close and while the conversation is open |

            **Queue order.** Routing and the "Queued Chats" list (`ListQueuedAsync`) serve in one order (`QueueOrder`): priority
            (configured order, none last), then SLA due time (none last), then the time queued, then id.
            `RoutingOptions.ServiceLevelDueAt` still overrides the due time when a host sets it.

            **Business hours.** Outside them a contact's *first* message is either queued, with
            `Conversation.ArrivedOutsideBusinessHours` set and a `ConversationQueuedOutsideHours` event, or refused with
            `OutsideBusinessHours` and the department's offline message (nothing stored). Messages to an open conversation are
            always accepted. Routing assigns nothing outside the hours unless `RouteOutsideHours`; it drains the queue again at
            its next reconciliation once the department opens. Agents may still take conversations by hand.
            As in the anchor ("should not allow a user to be available if BH are closed", `error-business-hours-are-closed`),
            an agent whose departments are all outside their hours cannot become Available: `IAgentService.SetStatusAsync`
            answers `OutsideBusinessHours` and stores nothing. One department of theirs open, without business hours, or with
            `RouteOutsideHours` is enough; Away and Offline are always accepted. The library does not switch Available agents
            off when the hours close (the anchor does, with its business-hour scheduler): a host that wants that sets them
            Away itself, and routing assigns them nothing outside the hours anyway. `IAgentService.UpdateAsync` (the
            administration's path) is not checked.

            **Inactivity.** Both closes go through the scheduling port `Omnichannel.Scheduling.IWorkScheduler`: routing's
            `IScheduler` when `AddOmnichannelRouting` is added (so `VirtualScheduler` runs them in virtual time), Core's own timers
            otherwise, or one the host registers. Each check re-reads the conversation when it fires: a contact who wrote again, a
            resumed conversation, or one closed meanwhile is left alone. The close is by `Actor.System` with
            `Conversation.CloseReason` `abandoned` or `on-hold-timeout` (`CloseReasons`) and a closing comment; log events 304/305.
            Timers live in the process: after a restart, the next answer or hold schedules them again.

            **Typing.** `SetTypingAsync(..., isTyping: true)` publishes `TypingChanged(true)` at most once per
            `TypingThrottleInterval` per actor and conversation, and a `TypingChanged(false)` after `TypingExpiry` without another
            call; an explicit `isTyping: false` always publishes and cancels the expiry. A host forwards the events to screens as
            they are.

            **Tags.** `Tag` (id, name, optional description, `Departments`; none means global), saved through `ITagService`
            (names unique per department ignoring case, departments must exist) and stored by every adapter (`tags` table; the
            conformance kit's `TagStoreConformanceTests`). When a department lists `ClosingTags`, those are offered; otherwise
            its managed tags are, when it has any (otherwise any tag is accepted). `IConversationService.UpdateTagsAsync` edits an
            open conversation's tags (serving or invited agent, or a manager; EditRoomInformation permission), and so does
            `UpdateRoomInformationAsync` with `RoomInformationUpdate.Tags`, under the same rule (`TagNotOffered`); tags are trimmed
            and recorded once, ignoring letter case (the first spelling is kept); a close that names no tags keeps them; a
            department requiring tags may rely on managed tags.

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
