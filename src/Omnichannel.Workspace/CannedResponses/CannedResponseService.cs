using System.Collections.Immutable;
using Omnichannel.Access;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>Creates, changes, deletes and lists canned responses, checking scopes and permissions.</summary>
/// <remarks>Thread-safe: it keeps no state between calls; the store makes shortcuts unique atomically.</remarks>
internal sealed partial class CannedResponseService(
    ICannedResponseStore responses,
    IAgentStore agents,
    Omnichannel.Departments.IDepartmentStore departments,
    IContactStore contacts,
    IConversationStore conversationStore,
    IConversationService conversations,
    IClock clock,
    IOptions<OmnichannelOptions> options,
    IAccessPolicy access) : ICannedResponseService
{
    private readonly OmnichannelOptions _options = options.Value;

    public async ValueTask<OperationResult<CannedResponse>> GetAsync(Actor actor, CannedResponseId id, CancellationToken cancellationToken = default)
    {
        Require.Valid(actor);
        Require.Id(id);
        Agent? reader = null;
        switch (actor.Kind)
        {
            case AuthorKind.System:
                break;
            case AuthorKind.Agent:
                var agentId = actor.AgentId!.Value;
                reader = await agents.GetAsync(agentId, cancellationToken).ConfigureAwait(false);
                if (reader is null)
                {
                    return Failure(OperationErrorCode.NotFound, $"Agent '{agentId}' does not exist.");
                }

                break;
            default:
                return Failure(OperationErrorCode.NotPermitted, $"{actor} cannot read canned responses; only agents and the host do.");
        }

        var stored = await responses.GetAsync(id, cancellationToken).ConfigureAwait(false);
        // The listing's rule, so that an id is no way around it; one message for "missing" and "not yours" reveals nothing.
        return stored is not null && (reader is null || CannedResponseQuery.VisibleTo(reader).Matches(stored))
            ? OperationResult<CannedResponse>.Ok(stored)
            : Failure(OperationErrorCode.NotFound, reader is null
                ? $"Canned response '{id}' does not exist (it may have been deleted)."
                : $"Canned response '{id}' does not exist or is not one agent '{reader.Id}' may use (public, their departments' or their own).");
    }

    public async ValueTask<OperationResult<CannedResponse>> CreateAsync(Actor actor, CannedResponseDraft draft, CancellationToken cancellationToken = default)
    {
        Require.Valid(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Require.Id(draft.DepartmentId);
        Require.Id(draft.FromConversation);
        var (shortcut, problem) = CannedResponseText.NormalizeShortcut(draft.Shortcut);
        if ((problem ?? CheckText(draft.Text, shortcut) ?? CheckScope(draft.Scope, draft.DepartmentId) ?? CheckTags(draft.Tags)) is { } invalid)
        {
            return Failure(OperationErrorCode.InvalidArgument, invalid);
        }

        var (agent, error) = await LoadActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<CannedResponse>.Failure(error);
        }

        var owner = draft.Scope == CannedResponseScope.Private ? agent?.Id : null;
        if (draft.Scope == CannedResponseScope.Private && owner is null)
        {
            return Failure(OperationErrorCode.InvalidArgument, "A private canned response belongs to the agent who creates it; the host creates public or department responses.");
        }

        if (agent is not null && MayManage(agent, draft.Scope, draft.DepartmentId, owner, "create") is { } refused)
        {
            return OperationResult<CannedResponse>.Failure(refused);
        }

        if (await MissingDepartmentAsync(draft.Scope, draft.DepartmentId, null, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            return OperationResult<CannedResponse>.Failure(missing);
        }

        if (draft.FromConversation is { } from && await CheckCreatedFromAsync(agent, from, cancellationToken).ConfigureAwait(false) is { } notInConversation)
        {
            return OperationResult<CannedResponse>.Failure(notInConversation);
        }

        var now = clock.GetCurrentInstant();
        var response = new CannedResponse
        {
            Id = new CannedResponseId(Guid.CreateVersion7().ToString("N")),
            Shortcut = shortcut,
            Text = draft.Text,
            Scope = draft.Scope,
            DepartmentId = draft.Scope == CannedResponseScope.Department ? draft.DepartmentId : null,
            OwnerId = owner,
            CreatedBy = agent?.Id,
            CreatedInConversation = draft.FromConversation,
            Tags = NormalizeTags(draft.Tags),
            CreatedAt = now,
            UpdatedAt = now,
        };
        return await SaveAsync(response, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<CannedResponse>> UpdateAsync(Actor actor, CannedResponse changed, CancellationToken cancellationToken = default)
    {
        Require.Valid(actor);
        ArgumentNullException.ThrowIfNull(changed);
        Require.Id(changed.Id);
        Require.Id(changed.DepartmentId);
        var (shortcut, problem) = CannedResponseText.NormalizeShortcut(changed.Shortcut);
        if ((problem ?? CheckText(changed.Text, shortcut) ?? CheckScope(changed.Scope, changed.DepartmentId) ?? CheckTags(changed.Tags.IsDefault ? null : changed.Tags)) is { } invalid)
        {
            return Failure(OperationErrorCode.InvalidArgument, invalid);
        }

        var (agent, error) = await LoadActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<CannedResponse>.Failure(error);
        }

        var stored = await responses.GetAsync(changed.Id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return Failure(OperationErrorCode.NotFound, $"Canned response '{changed.Id}' does not exist (it may have been deleted).");
        }

        // A private response keeps its owner; one made private becomes the acting agent's.
        var owner = changed.Scope != CannedResponseScope.Private ? null
            : stored.Scope == CannedResponseScope.Private ? stored.OwnerId : agent?.Id;
        if (changed.Scope == CannedResponseScope.Private && owner is null)
        {
            return Failure(OperationErrorCode.InvalidArgument, $"Canned response '!{stored.Shortcut}' cannot become private without an owning agent; only an agent makes a response their own.");
        }

        if (agent is not null
            && (MayManage(agent, stored.Scope, stored.DepartmentId, stored.OwnerId, "change") ?? MayManage(agent, changed.Scope, changed.DepartmentId, owner, "change")) is { } refused)
        {
            return OperationResult<CannedResponse>.Failure(refused);
        }

        if (await MissingDepartmentAsync(changed.Scope, changed.DepartmentId, stored.Scope == CannedResponseScope.Department ? stored.DepartmentId : null, cancellationToken).ConfigureAwait(false) is { } missing)
        {
            return OperationResult<CannedResponse>.Failure(missing);
        }

        var next = stored with
        {
            Shortcut = shortcut,
            Text = changed.Text,
            Scope = changed.Scope,
            DepartmentId = changed.Scope == CannedResponseScope.Department ? changed.DepartmentId : null,
            OwnerId = owner,
            Tags = NormalizeTags(changed.Tags.IsDefault ? null : changed.Tags),
            UpdatedAt = clock.GetCurrentInstant(),
            Version = changed.Version,
        };
        return await SaveAsync(next, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult> DeleteAsync(Actor actor, CannedResponseId id, CancellationToken cancellationToken = default)
    {
        Require.Valid(actor);
        Require.Id(id);
        var (agent, error) = await LoadActorAsync(actor, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult.Failure(error.Code, error.Message);
        }

        var stored = await responses.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return OperationResult.Failure(OperationErrorCode.NotFound, $"Canned response '{id}' does not exist (it may have been deleted already).");
        }

        if (agent is not null && MayManage(agent, stored.Scope, stored.DepartmentId, stored.OwnerId, "delete") is { } refused)
        {
            return OperationResult.Failure(refused.Code, refused.Message);
        }

        try
        {
            await responses.DeleteAsync(stored, cancellationToken).ConfigureAwait(false);
            return OperationResult.Success;
        }
        catch (ConcurrencyConflictException)
        {
            return OperationResult.Failure(OperationErrorCode.Conflict, $"Canned response '!{stored.Shortcut}' was changed or deleted by someone else while it was being deleted; look at it again.");
        }
    }

    public async ValueTask<OperationResult<IReadOnlyList<CannedResponse>>> ListAsync(AgentId agent, string? shortcutPrefix = null, CancellationToken cancellationToken = default)
    {
        Require.Id(agent);
        if (shortcutPrefix is { Length: > CannedResponseLimits.MaxShortcutLength + 1 })
        {
            return OperationResult<IReadOnlyList<CannedResponse>>.Failure(OperationErrorCode.InvalidArgument,
                $"The shortcut prefix has {shortcutPrefix.Length} characters; a shortcut has at most {CannedResponseLimits.MaxShortcutLength} (CannedResponseLimits.MaxShortcutLength).");
        }

        // A shortcut is one line of text: a prefix holding a control character or an unpaired surrogate matches none, and a
        // database would refuse it (PostgreSQL rejects NUL in any text parameter).
        if (shortcutPrefix is not null && TextRules.FirstInvalid(shortcutPrefix, singleLine: true) is { } invalid)
        {
            return OperationResult<IReadOnlyList<CannedResponse>>.Failure(OperationErrorCode.InvalidArgument,
                $"The shortcut prefix contains {invalid}; a shortcut is one line of text.");
        }

        var reader = await agents.GetAsync(agent, cancellationToken).ConfigureAwait(false);
        if (reader is null)
        {
            return OperationResult<IReadOnlyList<CannedResponse>>.Failure(OperationErrorCode.NotFound, $"Agent '{agent}' does not exist.");
        }

        var prefix = shortcutPrefix?.Trim().TrimStart(CannedResponseText.ShortcutMarker);
        var visible = await responses.QueryAsync(CannedResponseQuery.VisibleTo(reader, prefix), cancellationToken).ConfigureAwait(false);
        return OperationResult<IReadOnlyList<CannedResponse>>.Ok(visible);
    }

    public async ValueTask<OperationResult<IReadOnlyList<CannedResponse>>> ListByTagAsync(AgentId agent, string tag, CancellationToken cancellationToken = default)
    {
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(tag);
        if (TextRules.Problem(tag, "tag", CannedResponseLimits.MaxTagLength, "CannedResponseLimits.MaxTagLength", singleLine: true) is { } problem)
        {
            return OperationResult<IReadOnlyList<CannedResponse>>.Failure(OperationErrorCode.InvalidArgument, problem);
        }

        var reader = await agents.GetAsync(agent, cancellationToken).ConfigureAwait(false);
        if (reader is null)
        {
            return OperationResult<IReadOnlyList<CannedResponse>>.Failure(OperationErrorCode.NotFound, $"Agent '{agent}' does not exist.");
        }

        var visible = await responses.QueryAsync(CannedResponseQuery.VisibleTo(reader) with { Tag = tag.Trim() }, cancellationToken).ConfigureAwait(false);
        return OperationResult<IReadOnlyList<CannedResponse>>.Ok(visible);
    }

    /// <summary>At most <see cref="CannedResponseLimits.MaxTags"/> tags, each one line of at most <see cref="CannedResponseLimits.MaxTagLength"/> characters.</summary>
    private static string? CheckTags(IReadOnlyList<string>? tags)
    {
        if (tags is null)
        {
            return null;
        }

        if (tags.Count > CannedResponseLimits.MaxTags)
        {
            return $"The canned response has {tags.Count} tags; at most {CannedResponseLimits.MaxTags} are accepted (CannedResponseLimits.MaxTags).";
        }

        foreach (var tag in tags)
        {
            if (TextRules.Problem(tag, "tag", CannedResponseLimits.MaxTagLength, "CannedResponseLimits.MaxTagLength", singleLine: true) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static ImmutableArray<string> NormalizeTags(IReadOnlyList<string>? tags) =>
        tags is null ? [] : [.. tags.Select(static t => t.Trim()).Distinct(StringComparer.OrdinalIgnoreCase)];

    private async ValueTask<OperationResult<CannedResponse>> SaveAsync(CannedResponse response, CancellationToken cancellationToken)
    {
        // Checked first for a clear answer; the store checks again atomically for concurrent writers.
        var sameShortcut = await responses.FindByShortcutAsync(response.Shortcut, cancellationToken).ConfigureAwait(false);
        if (sameShortcut is not null && sameShortcut.Id != response.Id)
        {
            return ShortcutTaken(response.Shortcut);
        }

        try
        {
            return OperationResult<CannedResponse>.Ok(await responses.SaveAsync(response, cancellationToken).ConfigureAwait(false));
        }
        catch (DuplicateShortcutException)
        {
            return ShortcutTaken(response.Shortcut);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return Failure(OperationErrorCode.Conflict,
                $"Canned response '!{response.Shortcut}' was changed by someone else since it was read (read at version {conflict.ExpectedVersion}, now at version {conflict.ActualVersion}); read it again and redo the change.");
        }
    }

    /// <summary>The agent behind <paramref name="actor"/>, or null for the system; contacts never manage canned responses.</summary>
    private async ValueTask<(Agent? Agent, OperationError? Error)> LoadActorAsync(Actor actor, CancellationToken cancellationToken)
    {
        switch (actor.Kind)
        {
            case AuthorKind.System:
                return (null, null);
            case AuthorKind.Agent:
                var id = actor.AgentId!.Value;
                var agent = await agents.GetAsync(id, cancellationToken).ConfigureAwait(false);
                return agent is null ? (null, new(OperationErrorCode.NotFound, $"Agent '{id}' does not exist."))
                    : agent.Deactivated ? (null, new(OperationErrorCode.NotPermitted, $"Agent '{id}' is deactivated and cannot manage canned responses."))
                    : (agent, null);
            default:
                return (null, new(OperationErrorCode.NotPermitted, $"{actor} cannot manage canned responses; only agents and the host do."));
        }
    }

    private async ValueTask<OperationError?> CheckCreatedFromAsync(Agent? agent, ConversationId from, CancellationToken cancellationToken)
    {
        if (agent is null)
        {
            return new(OperationErrorCode.InvalidArgument, $"Only an agent creates a canned response from within a conversation ('{from}').");
        }

        var conversation = await conversationStore.GetAsync(from, cancellationToken).ConfigureAwait(false);
        return conversation is null
            ? new(OperationErrorCode.NotFound, $"Conversation '{from}' does not exist.")
            : (await access.AccessOfAsync(agent, cancellationToken).ConfigureAwait(false)).RequireActOn(conversation, "create a canned response", allowParticipants: true);
    }

    /// <summary>
    /// The refusal when a department response names a department that does not exist (the anchor's "error-invalid-department"),
    /// or null. A response that keeps the department it already has is not refused, so one whose department was removed stays editable.
    /// </summary>
    private async ValueTask<OperationError?> MissingDepartmentAsync(CannedResponseScope scope, DepartmentId? department, DepartmentId? kept, CancellationToken cancellationToken) =>
        scope != CannedResponseScope.Department || department is not { } id || id == kept
            || await departments.GetAsync(id, cancellationToken).ConfigureAwait(false) is not null
            ? null
            : new(OperationErrorCode.InvalidDepartment, $"Department '{id}' does not exist; a department canned response needs an existing department.");

    /// <summary>Whether <paramref name="agent"/> may create, change or delete a response of this scope.</summary>
    private OperationError? MayManage(Agent agent, CannedResponseScope scope, DepartmentId? department, AgentId? owner, string verb)
    {
        var permissions = access.PermissionsOf(agent);
        if ((permissions & AgentPermissions.CreateCannedResponse) == 0)
        {
            return new(OperationErrorCode.NotPermitted, $"Agent '{agent.Id}' lacks the CreateCannedResponse permission needed to {verb} canned responses.");
        }

        return scope switch
        {
            CannedResponseScope.Private when owner != agent.Id =>
                new(OperationErrorCode.NotPermitted, $"Agent '{agent.Id}' cannot {verb} a private canned response of another agent."),
            CannedResponseScope.Department when (permissions & AgentPermissions.ManageDepartmentCannedResponses) == 0 =>
                new(OperationErrorCode.NotPermitted, $"Agent '{agent.Id}' lacks the ManageDepartmentCannedResponses permission needed to {verb} canned responses of department '{department}'."),
            CannedResponseScope.Department when !agent.Departments.Contains(department!.Value) =>
                new(OperationErrorCode.NotDepartmentMember, $"Agent '{agent.Id}' cannot {verb} canned responses of department '{department}': they are not a member of it."),
            CannedResponseScope.Public when (permissions & AgentPermissions.ManagePublicCannedResponses) == 0 =>
                new(OperationErrorCode.NotPermitted, $"Agent '{agent.Id}' cannot {verb} public canned responses; only managers and the host do."),
            _ => null,
        };
    }

    private static string? CheckText(string? text, string shortcut)
    {
        if (TextRules.IsBlank(text))
        {
            return $"Canned response '!{shortcut}' has no text.";
        }

        if (text.Length > CannedResponseLimits.MaxTextLength)
        {
            return $"Canned response '!{shortcut}' has {text.Length} characters; at most {CannedResponseLimits.MaxTextLength} are accepted.";
        }

        if (text.StartsWith('/'))
        {
            return $"Canned response '!{shortcut}' starts with '/', which would be taken as a command such as /invite.";
        }

        if (TextRules.FirstInvalid(text, singleLine: false) is { } invalid)
        {
            return $"Canned response '!{shortcut}' contains {invalid}.";
        }

        var unknown = CannedResponseText.PlaceholdersIn(text).Where(name => !CannedResponseText.IsKnown(name)).ToList();
        return unknown.Count == 0 ? null
            : $"Canned response '!{shortcut}' uses unknown placeholder(s) {Braced(unknown)}; the known ones are {Braced(CannedResponsePlaceholders.All)}.";
    }

    private static string? CheckScope(CannedResponseScope scope, DepartmentId? department) => scope switch
    {
        CannedResponseScope.Department when department is null => "A department canned response needs its department.",
        CannedResponseScope.Public or CannedResponseScope.Private when department is not null =>
            $"A {scope.ToString().ToLowerInvariant()} canned response has no department; use the Department scope for department '{department}'.",
        CannedResponseScope.Public or CannedResponseScope.Private or CannedResponseScope.Department => null,
        _ => $"Scope {(int)scope} is not Public, Department or Private.",
    };

    private static string Braced(IEnumerable<string> names) => string.Join(", ", names.Select(n => "{{" + n + "}}"));

    private static OperationResult<CannedResponse> ShortcutTaken(string shortcut) =>
        Failure(OperationErrorCode.DuplicateShortcut, $"The shortcut '!{shortcut}' is already used by another canned response; shortcuts are unique across public, department and private responses. Choose another.");

    private static OperationResult<CannedResponse> Failure(OperationErrorCode code, string message) => OperationResult<CannedResponse>.Failure(code, message);
}
