using Omnichannel.Access;
using Microsoft.Extensions.Options;
using Omnichannel.Agents;
using Omnichannel.Conversations;
using Omnichannel.DependencyInjection;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Workspace.Search;

/// <summary>Searches one conversation's messages and attachments for an agent allowed to see it.</summary>
/// <remarks>Thread-safe: it keeps no state between calls.</remarks>
internal sealed class ConversationSearchService(IConversationStore conversations, IAccessPolicy access, IOptions<OmnichannelOptions> options) : IConversationSearchService
{
    public async ValueTask<OperationResult<MessageSearchResult>> SearchMessagesAsync(ConversationId conversation, AgentId agent, MessageSearchQuery query, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        ArgumentNullException.ThrowIfNull(query);
        var (current, error) = await LoadAsync(conversation, agent, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<MessageSearchResult>.Failure(error);
        }

        var searcher = MessageSearcher.Create(query);
        if (!searcher.Succeeded)
        {
            return OperationResult<MessageSearchResult>.Failure(searcher.Error);
        }

        await searcher.Value.SearchAsync(conversations, current!.Id, cancellationToken).ConfigureAwait(false);
        return searcher.Value.Result($"conversation '{conversation}'", current.MessageCount);
    }

    public async ValueTask<OperationResult<IReadOnlyList<AttachmentHit>>> ListAttachmentsAsync(ConversationId conversation, AgentId agent, AttachmentQuery? query = null, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        if (query?.NameContains is { } name && name.Length > options.Value.MaxAttachmentNameLength)
        {
            return OperationResult<IReadOnlyList<AttachmentHit>>.Failure(OperationErrorCode.InvalidArgument,
                $"The file name searched for has {name.Length} characters; a file name has at most {options.Value.MaxAttachmentNameLength} (OmnichannelOptions.MaxAttachmentNameLength).");
        }
        var (current, error) = await LoadAsync(conversation, agent, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<IReadOnlyList<AttachmentHit>>.Failure(error);
        }

        var filter = query ?? AttachmentQuery.All;
        if (filter.Kind is { } kind && !Enum.IsDefined(kind))
        {
            return OperationResult<IReadOnlyList<AttachmentHit>>.Failure(OperationErrorCode.InvalidArgument, $"Attachment kind {(int)kind} is not Image, Video, Audio, Document or Other.");
        }

        // Newest message first: stream the log in pages, keeping only the messages that carry attachments.
        var withAttachments = new List<Message>();
        await foreach (var message in conversations.StreamMessagesAsync(current!.Id, 0, cancellationToken).ConfigureAwait(false))
        {
            if (!message.Attachments.IsDefaultOrEmpty)
            {
                withAttachments.Add(message);
            }
        }

        var hits = new List<AttachmentHit>();
        for (var i = withAttachments.Count - 1; i >= 0; i--)
        {
            var message = withAttachments[i];
            foreach (var attachment in message.Attachments)
            {
                var attachmentKind = AttachmentKinds.Of(attachment);
                if ((filter.Kind is null || filter.Kind == attachmentKind)
                    && (string.IsNullOrEmpty(filter.NameContains) || attachment.FileName.Contains(filter.NameContains, StringComparison.OrdinalIgnoreCase)))
                {
                    hits.Add(new(current.Id, message.Sequence, message.AuthorKind, message.AuthorId, message.SentAt, attachment, attachmentKind));
                }
            }
        }

        return OperationResult<IReadOnlyList<AttachmentHit>>.Ok(hits);
    }

    private async ValueTask<(Conversation? Conversation, OperationError? Error)> LoadAsync(ConversationId id, AgentId agentId, CancellationToken cancellationToken)
    {
        var conversation = await conversations.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (conversation is null)
        {
            return (null, new(OperationErrorCode.NotFound, $"Conversation '{id}' does not exist."));
        }

        var authorized = await access.AuthorizeAsync(agentId, AgentPermissions.None, $"search conversation '{id}'", cancellationToken).ConfigureAwait(false);
        return !authorized.Succeeded ? (null, authorized.Error)
            : authorized.Value.RequireSee(conversation) is { } hidden ? (null, hidden)
            : (conversation, null);
    }
}
