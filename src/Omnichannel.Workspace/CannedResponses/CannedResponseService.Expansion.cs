using Omnichannel.Agents;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Workspace.CannedResponses;

/// <summary>Expansion of <c>!shortcut</c> and filling of placeholders.</summary>
internal sealed partial class CannedResponseService
{
    private const int SuggestionCount = 5;

    public async ValueTask<OperationResult<CannedResponseExpansion>> ExpandAsync(AgentId agent, string text, ContactId? contact = null, CancellationToken cancellationToken = default)
    {
        Require.Id(agent);
        Require.Id(contact);
        ArgumentNullException.ThrowIfNull(text);
        if (CheckTyped(text) is { } tooLong)
        {
            return OperationResult<CannedResponseExpansion>.Failure(tooLong);
        }

        if (CannedResponseText.SplitLeadingShortcut(text) is not { } split)
        {
            return Unchanged(text);
        }

        var writer = await agents.GetAsync(agent, cancellationToken).ConfigureAwait(false);
        return writer is null
            ? OperationResult<CannedResponseExpansion>.Failure(OperationErrorCode.NotFound, $"Agent '{agent}' does not exist.")
            : await ExpandAsync(writer, split, contact, "here (not an omnichannel conversation)", cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<CannedResponseExpansion>> ExpandForConversationAsync(ConversationId conversation, AgentId agent, string text, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(text);
        if (CheckTyped(text) is { } tooLong)
        {
            return OperationResult<CannedResponseExpansion>.Failure(tooLong);
        }

        if (CannedResponseText.SplitLeadingShortcut(text) is not { } split)
        {
            return Unchanged(text);
        }

        var current = await conversationStore.GetAsync(conversation, cancellationToken).ConfigureAwait(false);
        if (current is null)
        {
            return OperationResult<CannedResponseExpansion>.Failure(OperationErrorCode.NotFound, $"Conversation '{conversation}' does not exist.");
        }

        var authorized = await access.AuthorizeAsync(agent, AgentPermissions.None, "use canned responses", cancellationToken).ConfigureAwait(false);
        if (!authorized.Succeeded)
        {
            return OperationResult<CannedResponseExpansion>.Failure(authorized.Error);
        }

        if (authorized.Value.RequireActOn(current, "use canned responses", allowParticipants: true) is { } notInvolved)
        {
            return OperationResult<CannedResponseExpansion>.Failure(notInvolved);
        }

        var writer = authorized.Value.Agent;
        return await ExpandAsync(writer, split, current.ContactId, $"in conversation '{conversation}'", cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Conversation>> PostAgentMessageAsync(ConversationId conversation, AgentId agent, string text, IReadOnlyList<Attachment>? attachments = null, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(text);
        var expansion = await ExpandForConversationAsync(conversation, agent, text, cancellationToken).ConfigureAwait(false);
        return expansion.Succeeded
            ? await conversations.PostAgentMessageAsync(conversation, agent, expansion.Value.Text, attachments, cancellationToken).ConfigureAwait(false)
            : OperationResult<Conversation>.Failure(expansion.Error);
    }

    private async ValueTask<OperationResult<CannedResponseExpansion>> ExpandAsync(Agent writer, (string Shortcut, string Remainder) split, ContactId? contactId, string where, CancellationToken cancellationToken)
    {
        if (split.Shortcut.Length == 0)
        {
            return Unchanged(split.Remainder); // "!!" escapes a literal '!'.
        }

        var response = await responses.FindByShortcutAsync(split.Shortcut, cancellationToken).ConfigureAwait(false);
        if (response is null || !response.IsVisibleTo(writer))
        {
            return OperationResult<CannedResponseExpansion>.Failure(OperationErrorCode.UnknownShortcut,
                await DescribeUnknownShortcutAsync(writer, split.Shortcut, cancellationToken).ConfigureAwait(false));
        }

        var names = CannedResponseText.PlaceholdersIn(response.Text);
        var unknown = names.Where(name => !CannedResponseText.IsKnown(name)).ToList();
        if (unknown.Count > 0)
        {
            return OperationResult<CannedResponseExpansion>.Failure(OperationErrorCode.UnknownPlaceholder,
                $"Canned response '!{response.Shortcut}' uses unknown placeholder(s) {Braced(unknown)}; the known ones are {Braced(CannedResponsePlaceholders.All)}. Ask its owner to correct it; nothing was sent.");
        }

        Contact? contact = null;
        if (contactId is { } id && names.Any(static n => n.StartsWith("contact.", StringComparison.Ordinal)))
        {
            contact = await contacts.GetAsync(id, cancellationToken).ConfigureAwait(false);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var name in names)
        {
            if (ValueOf(name, writer, contact) is { Length: > 0 } value)
            {
                values[name] = value;
            }
            else
            {
                missing.Add($"{{{{{name}}}}} ({DescribeMissing(name, writer, contactId, contact, where)})");
            }
        }

        if (missing.Count > 0)
        {
            return OperationResult<CannedResponseExpansion>.Failure(OperationErrorCode.PlaceholderValueMissing,
                $"Canned response '!{response.Shortcut}' cannot be filled in: {string.Join("; ", missing)}. Nothing was sent; write the message yourself or complete the information.");
        }

        var expanded = CannedResponseText.Fill(response.Text, values) + split.Remainder;
        return CheckExpanded(expanded, response, names) is { } unsendable
            ? OperationResult<CannedResponseExpansion>.Failure(unsendable)
            : OperationResult<CannedResponseExpansion>.Ok(new(expanded, response));
    }

    /// <summary>
    /// The filled-in text is checked as a message is: a value put first (a contact who named themselves "/invite mallory")
    /// would otherwise turn the agent's message into a command, and a long value or what was typed after the shortcut could
    /// make a message longer than any is accepted.
    /// </summary>
    private OperationError? CheckExpanded(string expanded, CannedResponse response, IReadOnlyList<string> names)
    {
        if (expanded.StartsWith('/'))
        {
            return new(OperationErrorCode.InvalidArgument,
                $"Canned response '!{response.Shortcut}' filled in starts with '/' (from the value of {Braced(names.Take(1))}), which would be taken as a command such as /invite; nothing was sent. Write the message yourself.");
        }

        return expanded.Length > _options.MaxMessageLength
            ? new(OperationErrorCode.InvalidArgument,
                $"Canned response '!{response.Shortcut}' filled in, with what was typed after it, has {expanded.Length} characters; at most {_options.MaxMessageLength} are accepted (OmnichannelOptions.MaxMessageLength). Nothing was sent; shorten what follows the shortcut.")
            : null;
    }

    private async ValueTask<string> DescribeUnknownShortcutAsync(Agent writer, string shortcut, CancellationToken cancellationToken)
    {
        var similar = await responses.QueryAsync(CannedResponseQuery.VisibleTo(writer, shortcut[..1]), cancellationToken).ConfigureAwait(false);
        var hint = similar.Count == 0 ? string.Empty
            : $" Similar shortcuts: {string.Join(", ", similar.Take(SuggestionCount).Select(r => "!" + r.Shortcut))}.";
        return $"No canned response '!{shortcut}' is available to agent '{writer.Id}' (public, their departments' or their own); nothing was sent. Start with '!!' to send a message beginning with '!'.{hint}";
    }

    private static string? ValueOf(string name, Agent agent, Contact? contact) => name switch
    {
        CannedResponsePlaceholders.ContactName => contact?.Name,
        CannedResponsePlaceholders.ContactEmail => contact is { Emails: [var email, ..] } ? email : null,
        CannedResponsePlaceholders.ContactPhone => contact is { Phones: [var phone, ..] } ? phone : null,
        CannedResponsePlaceholders.AgentName => agent.Name,
        CannedResponsePlaceholders.AgentEmail => agent.Email,
        _ => null,
    };

    private static string DescribeMissing(string name, Agent agent, ContactId? contactId, Contact? contact, string where) =>
        !name.StartsWith("contact.", StringComparison.Ordinal) ? $"agent '{agent.Id}' has no email address"
        : contactId is null ? $"there is no contact {where}"
        : contact is null ? $"contact '{contactId}' does not exist"
        : name == CannedResponsePlaceholders.ContactEmail ? $"contact '{contact.Id}' has no email address"
        : name == CannedResponsePlaceholders.ContactPhone ? $"contact '{contact.Id}' has no phone number"
        : $"contact '{contact.Id}' has no name";

    /// <summary>
    /// What an agent typed is no longer than a message may be (an expansion only makes it longer). Its content is checked
    /// when the expansion is posted; expanding is a pure text transformation.
    /// </summary>
    private OperationError? CheckTyped(string text) =>
        text.Length > _options.MaxMessageLength
            ? new(OperationErrorCode.InvalidArgument, $"The message has {text.Length} characters; at most {_options.MaxMessageLength} are accepted. The limit is OmnichannelOptions.MaxMessageLength.")
            : null;

    private static OperationResult<CannedResponseExpansion> Unchanged(string text) => OperationResult<CannedResponseExpansion>.Ok(new(text, null));
}
