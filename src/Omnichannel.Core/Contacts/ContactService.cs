using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;
using Omnichannel.Access;

namespace Omnichannel.Contacts;

/// <summary>Views and edits contacts with validation and optimistic concurrency.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class ContactService(IContactStore contacts, IAgentStore agents, IConversationStore conversations, IAccessPolicy access, IOptions<OmnichannelOptions> options) : IContactService
{
    public async ValueTask<OperationResult<Contact>> RegisterAsync(Contact contact, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contact);
        Require.Id(contact.Id);
        Require.Storable(contact.Id.Value, "contact id", options.Value.MaxIdLength);
        Require.Id(contact.ManagerId);
        if (contact.Version != 0)
        {
            return Invalid(contact.Id, [$"it is at version {contact.Version}; register new contacts at version 0 and edit existing ones with UpdateAsync."]);
        }

        var (normalized, problems) = await CheckAsync(contact, previous: null, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return Invalid(contact.Id, problems);
        }

        try
        {
            return OperationResult<Contact>.Ok(await contacts.SaveAsync(normalized, cancellationToken).ConfigureAwait(false));
        }
        catch (ConcurrencyConflictException)
        {
            return OperationResult<Contact>.Failure(OperationErrorCode.Conflict, $"Contact '{contact.Id}' is already registered; edit it with UpdateAsync.");
        }
    }

    public async ValueTask<OperationResult<Contact>> GetAsync(ContactId contact, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(contact);
        Require.Id(agent);
        if (await LoadAgentAsync(agent, AgentPermissions.ReadContact, "view contact information", cancellationToken).ConfigureAwait(false) is { Error: { } error })
        {
            return OperationResult<Contact>.Failure(error);
        }

        return await ReadAsync(contact, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Contact>> GetForConversationAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        var (viewer, error) = await LoadAgentAsync(agent, AgentPermissions.ReadContact, "view contact information", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Contact>.Failure(error);
        }

        var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult<Contact>.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' does not exist.");
        }

        return viewer!.RequireSee(current) is { } hidden
            ? OperationResult<Contact>.Failure(hidden)
            : await ReadAsync(current.ContactId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Contact>> UpdateAsync(Contact changed, AgentId agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        Require.Id(changed.Id);
        Require.Id(changed.ManagerId);
        Require.Id(agent);
        var (editor, error) = await LoadAgentAsync(agent, AgentPermissions.EditContact, "edit contact information", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Contact>.Failure(error);
        }

        var stored = await contacts.GetAsync(changed.Id, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return OperationResult<Contact>.Failure(OperationErrorCode.NotFound, $"Contact '{changed.Id}' does not exist.");
        }

        var (normalized, problems) = await CheckAsync(changed, stored, cancellationToken).ConfigureAwait(false);
        if (problems.Count > 0)
        {
            return Invalid(changed.Id, problems);
        }

        // Naming or changing the contact's manager is a manager's permission, apart from editing the rest.
        if (changed.ManagerId != stored.ManagerId && !editor!.Has(AgentPermissions.EditContactManager))
        {
            return OperationResult<Contact>.Failure(OperationErrorCode.NotPermitted,
                $"Agent '{agent}' lacks the EditContactManager permission needed to change the manager of contact '{changed.Id}'.");
        }

        try
        {
            return OperationResult<Contact>.Ok(await contacts.SaveAsync(normalized, cancellationToken).ConfigureAwait(false));
        }
        catch (ConcurrencyConflictException conflict)
        {
            return OperationResult<Contact>.Failure(OperationErrorCode.Conflict,
                $"Contact '{changed.Id}' was changed by someone else after agent '{agent}' opened it (edited version {conflict.ExpectedVersion}, now at version {conflict.ActualVersion}); open it again and redo the edit.");
        }
    }

    private async ValueTask<OperationResult<Contact>> ReadAsync(ContactId contact, CancellationToken cancellationToken)
    {
        var found = await contacts.GetAsync(contact, cancellationToken).ConfigureAwait(false);
        return found is null
            ? OperationResult<Contact>.Failure(OperationErrorCode.NotFound, $"Contact '{contact}' does not exist.")
            : OperationResult<Contact>.Ok(found);
    }

    private async ValueTask<(AgentAccess? Agent, OperationError? Error)> LoadAgentAsync(AgentId id, AgentPermissions permission, string purpose, CancellationToken cancellationToken)
    {
        var authorized = await access.AuthorizeAsync(id, permission, purpose, cancellationToken).ConfigureAwait(false);
        return authorized.Succeeded ? (authorized.Value, null) : (null, authorized.Error);
    }

    private async ValueTask<(Contact Normalized, IReadOnlyList<string> Problems)> CheckAsync(Contact contact, Contact? previous, CancellationToken cancellationToken)
    {
        var (normalized, problems) = ContactValidation.Check(contact);
        // The contact's manager must be an omnichannel agent (active): a user without a role is refused like an unknown one.
        if (normalized.ManagerId is { } manager && manager != previous?.ManagerId
            && await agents.GetAsync(manager, cancellationToken).ConfigureAwait(false) is not { IsOmnichannelAgent: true, Deactivated: false })
        {
            problems = [.. problems, $"The contact manager '{manager}' is not a known agent: a contact's manager must be an active omnichannel agent."];
        }

        return (normalized, problems);
    }

    private static OperationResult<Contact> Invalid(ContactId contact, IReadOnlyList<string> problems) =>
        OperationResult<Contact>.Failure(OperationErrorCode.InvalidContact, $"Contact '{contact}' is not valid: {string.Join(" ", problems.Select(p => p.EndsWith('.') ? p : p + "."))}");
}
