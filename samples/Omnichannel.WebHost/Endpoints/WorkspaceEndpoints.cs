using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.WebHost.Attachments;
using Omnichannel.WebHost.Security;
using Omnichannel.WebHost.Transcripts;

using static Omnichannel.WebHost.SessionEndpoints;
using Omnichannel.Agents;
using Omnichannel.Departments;
using Omnichannel.Workspace.CannedResponses;
using Omnichannel.Workspace.Contacts;
using Omnichannel.Workspace.Search;

namespace Omnichannel.WebHost;

/// <summary>The agent's workspace around a conversation: search, files, contact, history, canned responses, directory, inbox.</summary>
public static class WorkspaceEndpoints
{
    /// <summary>A contact edit (the version read, so that a concurrent edit is refused by the library instead of overwritten).</summary>
    public sealed record ContactBody(long Version, string? Name, IReadOnlyList<string>? Emails, IReadOnlyList<string>? Phones);

    /// <summary>Maps the endpoints.</summary>
    public static void MapWorkspaceEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().AddEndpointFilter<AntiforgeryFilter>();
        var one = api.MapGroup("/conversations/{id}");

        one.MapGet("/search", async (string id, string? q, string? mode, HttpContext context, IConversationSearchService search, ConversationReader reader) =>
        {
            var (conversation, error) = await ConversationEndpoints.ViewAsync(id, context, reader);
            if (conversation is null)
            {
                return error!;
            }

            var result = await search.SearchMessagesAsync(conversation.Id, Me(context), Query(q, mode), context.RequestAborted);
            if (!result.Succeeded)
            {
                return ApiResults.Refused(result.Error);
            }

            var messages = (await reader.MessagesAsync(conversation, 0, context.RequestAborted)).ToDictionary(m => m.Sequence);
            return Results.Ok(Hits(result.Value, _ => messages));
        });

        one.MapGet("/attachments", async (string id, string? name, AttachmentKind? kind, HttpContext context, IConversationSearchService search) =>
            Ids.Conversation(id) is not { } conversation ? ApiResults.NoSuchConversation()
                : ApiResults.From(await search.ListAttachmentsAsync(conversation, Me(context), new AttachmentQuery { NameContains = name, Kind = kind }, context.RequestAborted),
                    hits => hits.Select(h => new
                    {
                        h.Attachment.FileName, h.Attachment.MediaType, h.Attachment.SizeBytes, Reference = h.Attachment.StorageReference,
                        Kind = h.Kind.ToString(), h.MessageSequence, Author = h.AuthorKind.ToString().ToLowerInvariant(), SentAt = h.SentAt.ToDateTimeOffset(),
                    }).ToList()));

        // A file is served only when the library lists it among the conversation's attachments for this agent.
        one.MapGet("/files/{reference}", async (string id, string reference, HttpContext context, IConversationSearchService search, AttachmentFiles files) =>
        {
            if (Ids.Conversation(id) is not { } conversation)
            {
                return ApiResults.NoSuchConversation();
            }

            var listed = await search.ListAttachmentsAsync(conversation, Me(context), AttachmentQuery.All, context.RequestAborted);
            if (!listed.Succeeded)
            {
                return ApiResults.Refused(listed.Error);
            }

            return listed.Value.FirstOrDefault(h => h.Attachment.StorageReference == reference) is { } hit
                ? files.Download(hit.Attachment)
                : ApiResults.Error(StatusCodes.Status404NotFound, "NotFound", "This file is not attached to the conversation.");
        });

        one.MapGet("/contact", async (string id, HttpContext context, IContactService contacts) =>
            Ids.Conversation(id) is not { } conversation ? ApiResults.NoSuchConversation()
                : ApiResults.From(await contacts.GetForConversationAsync(conversation, Me(context), context.RequestAborted), Describe));

        one.MapPut("/contact", async (string id, ContactBody body, HttpContext context, IContactService contacts) =>
        {
            if (Ids.Conversation(id) is not { } conversation)
            {
                return ApiResults.NoSuchConversation();
            }

            // The contact is the conversation's, as the library returns it to this agent; the browser only supplies the edits.
            var current = await contacts.GetForConversationAsync(conversation, Me(context), context.RequestAborted);
            if (!current.Succeeded)
            {
                return ApiResults.Refused(current.Error);
            }

            var changed = current.Value with
            {
                Version = body.Version,
                Name = body.Name ?? "",
                Emails = [.. (body.Emails ?? []).Where(e => !string.IsNullOrWhiteSpace(e))],
                Phones = [.. (body.Phones ?? []).Where(p => !string.IsNullOrWhiteSpace(p))],
            };
            return ApiResults.From(await contacts.UpdateAsync(changed, Me(context), context.RequestAborted), Describe);
        });

        one.MapGet("/history", async (string id, HttpContext context, IContactHistoryService history, IAgentService agents, ConversationReader reader) =>
        {
            if (Ids.Conversation(id) is not { } conversation)
            {
                return ApiResults.NoSuchConversation();
            }

            var result = await history.GetHistoryForConversationAsync(conversation, Me(context), context.RequestAborted);
            if (!result.Succeeded)
            {
                return ApiResults.Refused(result.Error);
            }

            var entries = new List<object>();
            foreach (var entry in result.Value.Conversations)
            {
                entries.Add(new
                {
                    Id = entry.ConversationId.Value,
                    DepartmentName = await reader.DepartmentNameAsync(entry.DepartmentId, context.RequestAborted),
                    CreatedAt = entry.CreatedAt.ToDateTimeOffset(),
                    ClosedAt = entry.ClosedAt.ToDateTimeOffset(),
                    AgentName = entry.AgentId is { } agent ? (await agents.GetAsync(agent, context.RequestAborted))?.Name ?? agent.Value : null,
                    entry.Topic,
                    entry.Tags,
                    entry.MessageCount,
                    LastClosingMessage = entry.LastClosingMessage?.Text,
                });
            }

            return Results.Ok(new { ContactName = result.Value.Contact.Name, Conversations = entries });
        });

        one.MapGet("/history/search", async (string id, string? q, string? mode, HttpContext context, IContactHistoryService history, ConversationReader reader) =>
        {
            var (conversation, error) = await ConversationEndpoints.ViewAsync(id, context, reader);
            if (conversation is null)
            {
                return error!;
            }

            var me = Me(context);
            var result = await history.SearchHistoryAsync(conversation.ContactId, me, Query(q, mode), context.RequestAborted);
            if (!result.Succeeded)
            {
                return ApiResults.Refused(result.Error);
            }

            // The matched conversations' messages, each read after the same check as any other read.
            var logs = new Dictionary<ConversationId, Dictionary<int, MessageView>>();
            foreach (var matched in result.Value.Matches.Select(m => m.ConversationId).Distinct())
            {
                var (readable, _) = await reader.ViewAsync(matched, me, context.RequestAborted);
                logs[matched] = readable is null ? [] : (await reader.MessagesAsync(readable, 0, context.RequestAborted)).ToDictionary(m => m.Sequence);
            }

            return Results.Ok(Hits(result.Value, c => logs[c]));
        });

        api.MapGet("/canned", async (string? prefix, HttpContext context, ICannedResponseService canned) =>
            ApiResults.From(await canned.ListAsync(Me(context), prefix, context.RequestAborted),
                list => list.Take(20).Select(r => new { r.Shortcut, r.Text, Scope = r.Scope.ToString() }).ToList()));

        // Forward targets. Core has no directory service, so the lists come from the stores; the forward itself is checked by the library.
        api.MapGet("/directory", async (HttpContext context, IDepartmentStore departments, IAgentStore agentStore) =>
        {
            var me = Me(context);
            var all = await departments.ListAsync(context.RequestAborted);
            var agents = new Dictionary<AgentId, Agents.Agent>();
            foreach (var department in all)
            {
                foreach (var agent in await agentStore.ListByDepartmentAsync(department.Id, context.RequestAborted))
                {
                    agents[agent.Id] = agent;
                }
            }

            return Results.Ok(new
            {
                Departments = all.Select(d => new { Id = d.Id.Value, d.Name }).ToList(),
                Agents = agents.Values.Where(a => a.Id != me && a.IsOmnichannelAgent).OrderBy(a => a.Name, StringComparer.OrdinalIgnoreCase)
                    .Select(a => new { Id = a.Id.Value, a.Name, Status = a.Status.ToString(), Departments = all.Where(d => a.Departments.Contains(d.Id)).Select(d => d.Name).ToList() })
                    .ToList(),
            });
        });

        api.MapGet("/inbox", (HttpContext context, AgentInbox inbox) =>
            Results.Ok(inbox.For(Actor.Agent(Me(context))).Select(m => new
            {
                m.Id, Kind = m.Kind.ToString(), m.Text, ConversationId = m.ConversationId.Value, FileName = m.File?.FileName, ReceivedAt = m.ReceivedAt.ToDateTimeOffset(),
            }).ToList()));

        api.MapGet("/inbox/{messageId}/file", (string messageId, HttpContext context, AgentInbox inbox) =>
            inbox.Get(messageId, Actor.Agent(Me(context))) is { File: { } file }
                ? Results.File(file.Content.ToArray(), file.MediaType, file.FileName)
                : ApiResults.Error(StatusCodes.Status404NotFound, "NotFound", "There is no such file in your inbox."));
    }

    private static MessageSearchQuery Query(string? text, string? mode) =>
        string.Equals(mode, "regex", StringComparison.OrdinalIgnoreCase) ? MessageSearchQuery.Regex(text ?? "") : MessageSearchQuery.PlainText(text ?? "");

    private static object Hits(MessageSearchResult result, Func<ConversationId, Dictionary<int, MessageView>> messages) => new
    {
        result.MessagesSearched,
        result.Truncated,
        Messages = result.Matches
            .GroupBy(m => (m.ConversationId, m.Sequence))
            .Where(g => messages(g.Key.ConversationId).ContainsKey(g.Key.Sequence))
            .Select(g =>
            {
                var message = messages(g.Key.ConversationId)[g.Key.Sequence];
                return new
                {
                    ConversationId = g.Key.ConversationId.Value,
                    message.Sequence,
                    message.AuthorName,
                    message.SentAt,
                    message.Text,
                    Ranges = g.Select(m => new { m.Index, m.Length }).ToList(),
                };
            })
            .ToList(),
    };

    private static object Describe(Contact contact) => new
    {
        Id = contact.Id.Value,
        contact.Name,
        contact.Emails,
        contact.Phones,
        CustomFields = contact.CustomFields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => new { Name = f.Key, f.Value }).ToList(),
        contact.Version,
    };
}
