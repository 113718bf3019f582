using Microsoft.Extensions.DependencyInjection;
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
internal sealed class ContactService(IContactStore contacts, IAgentStore agents, IConversationStore conversations, IAccessPolicy access, IOptions<OmnichannelOptions> options, IServiceProvider services) : IContactService
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

        if (CustomFieldRules.Check(normalized.CustomFields, CustomFieldScope.Contact, options.Value.CustomFields, $"Contact '{contact.Id}'") is { } badField)
        {
            return OperationResult<Contact>.Failure(badField);
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

        // The anchor's legacy fields: a field the contact holds from before it was unregistered is kept as stored (an edit
        // may neither change nor drop it, and it does not make the edit fail); only new unregistered fields are refused.
        normalized = normalized with { CustomFields = CustomFieldRules.KeepLegacy(normalized.CustomFields, stored.CustomFields, CustomFieldScope.Contact, options.Value.CustomFields) };
        if (CustomFieldRules.Check(normalized.CustomFields, CustomFieldScope.Contact, options.Value.CustomFields, $"Contact '{changed.Id}'", legacy: stored.CustomFields) is { } badField)
        {
            return OperationResult<Contact>.Failure(badField);
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

    public async ValueTask<OperationResult<Contact>> FindByChannelAsync(string type, string identifier, AgentId agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(identifier);
        Require.Id(agent);
        if ((ContactRules.ChannelTypeProblem(type, "channel type")
            ?? TextRules.Problem(identifier, "channel identifier", ContactLimits.MaxChannelIdentifierLength, "ContactLimits.MaxChannelIdentifierLength", singleLine: true)) is { } problem)
        {
            return OperationResult<Contact>.Failure(OperationErrorCode.InvalidArgument, problem);
        }

        if (await LoadAgentAsync(agent, AgentPermissions.ReadContact, "find contacts", cancellationToken).ConfigureAwait(false) is { Error: { } error })
        {
            return OperationResult<Contact>.Failure(error);
        }

        var found = await contacts.FindByChannelAsync(type, identifier, cancellationToken).ConfigureAwait(false);
        return found is null
            ? OperationResult<Contact>.Failure(OperationErrorCode.NotFound, $"No contact writes from {type.Trim()} channel '{Require.Shorten(identifier.Trim())}'.")
            : OperationResult<Contact>.Ok(found);
    }

    public async ValueTask<OperationResult<ContactPage>> SearchAsync(ContactSearchQuery query, AgentId agent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        Require.Id(agent);
        if (query.Offset < 0 || query.Limit is < 1 or > ContactSearchQuery.MaxLimit)
        {
            return OperationResult<ContactPage>.Failure(OperationErrorCode.InvalidArgument,
                $"The contact search asks for offset {query.Offset} and limit {query.Limit}; the offset must be at least 0 and the limit 1 to {ContactSearchQuery.MaxLimit}.");
        }

        if (query.Text is not null && TextRules.Problem(query.Text, "contact search text", 256, "256 characters", singleLine: true, allowEmpty: true) is { } problem)
        {
            return OperationResult<ContactPage>.Failure(OperationErrorCode.InvalidArgument, problem);
        }

        if (await LoadAgentAsync(agent, AgentPermissions.ReadContact, "search contacts", cancellationToken).ConfigureAwait(false) is { Error: { } error })
        {
            return OperationResult<ContactPage>.Failure(error);
        }

        return OperationResult<ContactPage>.Ok(await contacts.SearchAsync(query, cancellationToken).ConfigureAwait(false));
    }

    public async ValueTask<OperationResult<Contact>> SetChannelBlockedAsync(ContactId contact, string type, string identifier, bool blocked, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(contact);
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(identifier);
        Require.Id(agent);
        if (await LoadAgentAsync(agent, AgentPermissions.EditContact, "block contact channels", cancellationToken).ConfigureAwait(false) is { Error: { } error })
        {
            return OperationResult<Contact>.Failure(error);
        }

        for (var attempt = 1; ; attempt++)
        {
            var stored = await contacts.GetAsync(contact, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                return OperationResult<Contact>.Failure(OperationErrorCode.NotFound, $"Contact '{contact}' does not exist.");
            }

            var index = stored.Channels.IsDefault ? -1 : stored.Channels.IndexOf(stored.Channels.FirstOrDefault(c => c.Is(type.Trim(), identifier.Trim()))!);
            if (index < 0)
            {
                return OperationResult<Contact>.Failure(OperationErrorCode.NotFound,
                    $"Contact '{contact}' has no {Require.Shorten(type)} channel '{Require.Shorten(identifier)}'; add the channel before blocking it.");
            }

            if (stored.Channels[index].Blocked == blocked)
            {
                return OperationResult<Contact>.Ok(stored);
            }

            Contact saved;
            try
            {
                var changed = stored with { Channels = stored.Channels.SetItem(index, stored.Channels[index] with { Blocked = blocked }) };
                saved = await contacts.SaveAsync(changed, cancellationToken).ConfigureAwait(false);
            }
            catch (ConcurrencyConflictException) when (attempt < options.Value.MaxWriteAttempts)
            {
                // Someone edited the contact meanwhile: apply the block to what they saved.
                continue;
            }
            catch (ConcurrencyConflictException)
            {
                return OperationResult<Contact>.Failure(OperationErrorCode.Conflict, $"Contact '{contact}' kept changing; try blocking the channel again.");
            }

            if (blocked)
            {
                await CloseConversationsFromAsync(saved.Id, saved.Channels[index], agent, cancellationToken).ConfigureAwait(false);
            }

            return OperationResult<Contact>.Ok(saved);
        }
    }

    /// <summary>
    /// The anchor's "contacts.block": the contact's open conversations that came from the channel just blocked are closed by
    /// the system (reason <see cref="CloseReasons.ChannelBlocked"/>), since nothing the contact writes there arrives any more.
    /// A conversation without a source, or from another channel, stays open.
    /// </summary>
    private async ValueTask CloseConversationsFromAsync(ContactId contact, ContactChannel channel, AgentId blockedBy, CancellationToken cancellationToken)
    {
        var open = await conversations.QueryAsync(new ConversationQuery { ContactId = contact, States = OpenStates }, cancellationToken).ConfigureAwait(false);
        foreach (var conversation in open)
        {
            if (conversation.Source is { } source
                && string.Equals(source.ChannelType, channel.Type, StringComparison.OrdinalIgnoreCase)
                && (source.Identifier is null || string.Equals(source.Identifier, channel.Identifier, StringComparison.OrdinalIgnoreCase)))
            {
                // A refusal (closed meanwhile) needs nothing more: the conversation is closed either way.
                // Resolved when needed, not injected: a host's event publisher may read contacts, and the conversation
                // service publishes events, so injecting it would make a cycle.
                var conversationService = services.GetRequiredService<IConversationService>();
                await conversationService.CloseAsync(conversation.Id, Actor.System, new CloseRequest
                {
                    Reason = CloseReasons.ChannelBlocked,
                    Comment = $"Closed automatically: agent '{blockedBy}' blocked the contact's {channel.Type} channel.",
                }, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static readonly ConversationState[] OpenStates =
        [ConversationState.Queued, ConversationState.Taken, ConversationState.OnHold, ConversationState.Forwarded];

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
        // The anchor's "unknown" contact becomes known once a name or an email address is given.
        if (normalized.IsUnknown && (normalized.Emails.Length > 0 || (previous is not null && normalized.Name != previous.Name)))
        {
            normalized = normalized with { IsUnknown = false };
        }

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
