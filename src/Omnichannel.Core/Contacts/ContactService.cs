using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Validation;

namespace Omnichannel.Contacts;

/// <summary>Views and edits contacts with validation and optimistic concurrency.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class ContactService(IContactStore contacts, IAgentStore agents, IConversationStore conversations, IOptions<OmnichannelOptions> options) : IContactService
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
        if (await LoadAgentAsync(agent, "view contact information", cancellationToken).ConfigureAwait(false) is { Error: { } error })
        {
            return OperationResult<Contact>.Failure(error);
        }

        return await ReadAsync(contact, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Contact>> GetForConversationAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        var (viewer, error) = await LoadAgentAsync(agent, "view contact information", cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Contact>.Failure(error);
        }

        var current = await conversations.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult<Contact>.Failure(AgentAccess.ConversationNotFound(conversation));
        }

        return AgentAccess.RequireMayView(viewer!, current) is { } hidden
            ? OperationResult<Contact>.Failure(hidden)
            : await ReadAsync(current.ContactId, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Contact>> UpdateAsync(Contact changed, AgentId agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(changed);
        Require.Id(changed.Id);
        Require.Id(changed.ManagerId);
        Require.Id(agent);
        if (await LoadAgentAsync(agent, "edit contact information", cancellationToken).ConfigureAwait(false) is { Error: { } error })
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

    private async ValueTask<(Agent? Agent, OperationError? Error)> LoadAgentAsync(AgentId id, string purpose, CancellationToken cancellationToken)
    {
        var agent = await agents.GetAsync(id, cancellationToken).ConfigureAwait(false);
        return agent is null
            ? (null, AgentAccess.AgentNotFound(id))
            : (agent, AgentAccess.RequireOmnichannelAgent(agent, AgentPermissions.EditContact, purpose));
    }

    private async ValueTask<(Contact Normalized, IReadOnlyList<string> Problems)> CheckAsync(Contact contact, Contact? previous, CancellationToken cancellationToken)
    {
        var (normalized, problems) = ContactValidation.Check(contact);
        if (normalized.ManagerId is { } manager && manager != previous?.ManagerId
            && await agents.GetAsync(manager, cancellationToken).ConfigureAwait(false) is null)
        {
            problems = [.. problems, $"The contact manager '{manager}' is not a known agent."];
        }

        return (normalized, problems);
    }

    private static OperationResult<Contact> Invalid(ContactId contact, IReadOnlyList<string> problems) =>
        OperationResult<Contact>.Failure(OperationErrorCode.InvalidContact, $"Contact '{contact}' is not valid: {string.Join(" ", problems.Select(p => p.EndsWith('.') ? p : p + "."))}");
}
