using System.Collections.Immutable;
using Microsoft.Extensions.Options;
using NodaTime;
using Omnichannel.DependencyInjection;
using Omnichannel.Notifications;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Departments;

/// <summary>Validates departments when they are saved, so that no setting can make a later close or forward fail.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed partial class DepartmentService(
    IDepartmentStore departments,
    DomainEventDispatcher events,
    IClock clock,
    IOptions<OmnichannelOptions> options,
    Omnichannel.Tags.ITagStore tags,
    Omnichannel.Agents.IAgentStore agents,
    Omnichannel.Conversations.IConversationStore conversations,
    Microsoft.Extensions.Logging.ILogger<DepartmentService> logger) : IDepartmentService
{
    private readonly OmnichannelOptions _options = options.Value;

    public ValueTask<Department?> GetAsync(DepartmentId department, CancellationToken cancellationToken = default)
    {
        Require.Id(department);
        return departments.GetAsync(department, cancellationToken);
    }

    public async ValueTask<OperationResult<Department>> SaveAsync(Department department, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(department);
        Require.Id(department.Id);
        Require.Storable(department.Id.Value, "department id", _options.MaxIdLength);
        Require.Id(department.FallbackDepartmentId);
        ArgumentNullException.ThrowIfNull(department.ForwardTargets, nameof(department) + ".ForwardTargets");
        if (department.ForwardTargets.Count <= 10_000)
        {
            foreach (var target in department.ForwardTargets)
            {
                Require.Id(target, nameof(department) + ".ForwardTargets");
            }
        }

        // An unset list (default(ImmutableArray)) means none, as for a department built without it.
        department = department with
        {
            ClosingTags = department.ClosingTags.IsDefault ? [] : department.ClosingTags,
            DefaultClosingTags = department.DefaultClosingTags.IsDefault ? [] : department.DefaultClosingTags,
        };
        if (await ValidateAsync(department, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return OperationResult<Department>.Failure(OperationErrorCode.InvalidDepartment, problem);
        }

        try
        {
            var previous = department.Version == 0 ? null : await departments.GetAsync(department.Id, cancellationToken).ConfigureAwait(false);
            var stored = await departments.SaveAsync(department, cancellationToken).ConfigureAwait(false);
            if (events.HasPublishers)
            {
                await events.PublishAsync(new DepartmentChanged(clock.GetCurrentInstant(), stored, previous), cancellationToken).ConfigureAwait(false);
            }

            return OperationResult<Department>.Ok(stored);
        }
        catch (ConcurrencyConflictException conflict)
        {
            return OperationResult<Department>.Failure(OperationErrorCode.Conflict, conflict.Message);
        }
    }

    private string? TagsProblem(ImmutableArray<string> tags, string what)
    {
        if (tags.Length > _options.MaxTagCount)
        {
            return $"offers {tags.Length} {what}; at most {_options.MaxTagCount} are accepted. The limit is OmnichannelOptions.MaxTagCount.";
        }

        foreach (var tag in tags)
        {
            if (tag is not null && !string.IsNullOrWhiteSpace(tag)
                && TextRules.Problem(tag, "tag", _options.MaxTagLength, "OmnichannelOptions.MaxTagLength", singleLine: true) is { } problem)
            {
                return $"has a closing tag that is not acceptable: {problem}";
            }
        }

        return null;
    }

    private async ValueTask<string?> ValidateAsync(Department department, CancellationToken cancellationToken)
    {
        var id = department.Id;
        if (TextRules.IsBlank(department.Name))
        {
            return $"Department '{id}' has no name.";
        }

        if (TextRules.Problem(department.Name, "name", _options.MaxNameLength, "OmnichannelOptions.MaxNameLength", singleLine: true) is { } badName)
        {
            return $"Department '{id}': {badName}";
        }

        if (department.ForwardTargets.Count > _options.MaxListLength)
        {
            return $"Department '{id}' has {department.ForwardTargets.Count} forward targets; at most {_options.MaxListLength} are accepted. The limit is OmnichannelOptions.MaxListLength.";
        }

        if ((TagsProblem(department.ClosingTags, "closing tags") ?? TagsProblem(department.DefaultClosingTags, "default closing tags")) is { } badTags)
        {
            return $"Department '{id}' {badTags}";
        }

        foreach (var (text, what) in new[] { (department.OfflineMessage, "offline message"), (department.WaitingQueueMessage, "waiting-queue message") })
        {
            if (text is not null && TextRules.Problem(text, what, _options.MaxMessageLength, "OmnichannelOptions.MaxMessageLength", singleLine: false, allowEmpty: true) is { } badText)
            {
                return $"Department '{id}': {badText}";
            }
        }

        if (department.MaxChatsPerAgent < 0)
        {
            return $"Department '{id}' has MaxChatsPerAgent {department.MaxChatsPerAgent}; use 0 for no limit or a positive number.";
        }

        if (department.ClosingTags.Any(string.IsNullOrWhiteSpace) || department.DefaultClosingTags.Any(string.IsNullOrWhiteSpace))
        {
            return $"Department '{id}' has a blank closing tag.";
        }

        if (department.BusinessHours is { } hours && hours.Problem() is { } badHours)
        {
            return $"Department '{id}': {badHours}.";
        }

        if (department.BusinessHours?.OfflineMessage is { } offline && TextRules.Problem(offline, "offline message", _options.MaxMessageLength, "OmnichannelOptions.MaxMessageLength", singleLine: false, allowEmpty: true) is { } badOffline)
        {
            return $"Department '{id}': {badOffline}";
        }

        if (department.RequireTagsOnClose && department.ClosingTags.IsEmpty
            && !(await tags.ListAsync(cancellationToken).ConfigureAwait(false)).Any(t => t.IsOfferedTo(id)))
        {
            return $"Department '{id}' requires tags on close but offers none (no closing tags, no managed tags), so every close would fail: add closing tags or stop requiring them.";
        }

        if (!department.ClosingTags.IsEmpty && department.DefaultClosingTags.FirstOrDefault(t => !department.ClosingTags.Contains(t)) is { } stray)
        {
            return $"Department '{id}' has default closing tag '{stray}', which is not among its closing tags ({string.Join(", ", department.ClosingTags)}).";
        }

        if (department.FallbackDepartmentId is { } fallback)
        {
            if (fallback == id)
            {
                return $"Department '{id}' cannot be its own fallback department.";
            }

            if (await departments.GetAsync(fallback, cancellationToken).ConfigureAwait(false) is null)
            {
                return $"Department '{id}' names fallback department '{fallback}', which does not exist.";
            }
        }

        foreach (var target in department.ForwardTargets)
        {
            if (target == id)
            {
                return $"Department '{id}' lists itself as a forward target; forwarding to the same department is never allowed.";
            }

            if (await departments.GetAsync(target, cancellationToken).ConfigureAwait(false) is null)
            {
                return $"Department '{id}' may forward to department '{target}', which does not exist.";
            }
        }

        return null;
    }
}
