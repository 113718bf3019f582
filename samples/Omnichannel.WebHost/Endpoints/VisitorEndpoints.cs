using System.Security.Cryptography;
using Omnichannel.Contacts;
using Omnichannel.Conversations;
using Omnichannel.Departments;
using Omnichannel.Operations;
using Omnichannel.Storage;
using Omnichannel.Transcripts;
using Omnichannel.WebHost.Attachments;
using Omnichannel.WebHost.Security;
using Omnichannel.WebHost.Transcripts;

namespace Omnichannel.WebHost;

/// <summary>
/// The visitor widget's endpoints. A visitor has no account: starting a chat registers a contact and returns a token
/// (<see cref="VisitorTokens"/>) for that conversation only. Every other call reads the contact and the conversation
/// from the token and from nothing else the browser sends; the token travels in a header, so another site cannot make
/// a visitor's browser send it.
/// </summary>
public static class VisitorEndpoints
{
    /// <summary>The start of a chat.</summary>
    public sealed record StartBody(string? Name, string? Email, string? DepartmentId, string? Text);

    /// <summary>A message.</summary>
    public sealed record TextBody(string? Text);

    /// <summary>A transcript email request.</summary>
    public sealed record EmailBody(string? Address, string? Subject);

    /// <summary>Maps the endpoints.</summary>
    public static void MapVisitorEndpoints(this IEndpointRouteBuilder app)
    {
        var visitor = app.MapGroup("/api/visitor");

        visitor.MapGet("/departments", async (IDepartmentStore departments, CancellationToken cancellationToken) =>
            Results.Ok((await departments.ListAsync(cancellationToken)).Select(d => new { Id = d.Id.Value, d.Name }).ToList()));

        visitor.MapPost("/start", async (StartBody body, HttpContext context, IContactStore contacts, IContactService contactService, IConversationService conversations,
            VisitorTokens tokens, CancellationToken cancellationToken) =>
        {
            if (Ids.Department(body.DepartmentId) is not { } department)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "InvalidArgument", "Choose a department.");
            }

            if (string.IsNullOrWhiteSpace(body.Text))
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "InvalidArgument", "Write your message.");
            }

            // A returning visitor (a token from an earlier chat in this tab) stays the same contact, so agents see their
            // history; anyone else becomes a new contact, validated by the library.
            ContactId contactId;
            if (tokens.Read(context.Request.Headers[VisitorTokens.Header].ToString()) is { } returning && await contacts.GetAsync(returning.ContactId, cancellationToken) is not null)
            {
                contactId = returning.ContactId;
            }
            else
            {
                contactId = new ContactId("visitor-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
                var contact = await contactService.RegisterAsync(new Contact
                {
                    Id = contactId,
                    Name = body.Name ?? "",
                    Emails = string.IsNullOrWhiteSpace(body.Email) ? [] : [body.Email.Trim()],
                }, cancellationToken);
                if (!contact.Succeeded)
                {
                    return ApiResults.Refused(contact.Error);
                }
            }

            var started = await conversations.ReceiveContactMessageAsync(contactId, department, body.Text, null, cancellationToken);
            if (!started.Succeeded)
            {
                return ApiResults.Refused(started.Error);
            }

            return Results.Ok(new { Token = tokens.Issue(contactId, started.Value.Id) });
        }).RequireRateLimiting(SessionEndpoints.ChatStartLimit);

        visitor.MapGet("/conversation", async (int? after, HttpContext context, VisitorTokens tokens, IConversationService conversations,
            ConversationReader reader, AgentInbox inbox) =>
        {
            if (await OwnConversationAsync(context, tokens, conversations) is not { } own)
            {
                return ApiResults.VisitorTokenInvalid();
            }

            var notices = inbox.For(Actor.Contact(own.ContactId)).Where(m => m.ConversationId == own.Id).Select(m => m.Text).ToList();
            return Results.Ok(await reader.DescribeForVisitorAsync(own, after ?? 0, notices, context.RequestAborted));
        });

        visitor.MapPost("/messages", async (TextBody body, HttpContext context, VisitorTokens tokens, IConversationService conversations) =>
        {
            if (await OwnConversationAsync(context, tokens, conversations) is not { } own)
            {
                return ApiResults.VisitorTokenInvalid();
            }

            return await WriteAsync(own, body.Text ?? "", null, context, tokens, conversations);
        });

        visitor.MapPost("/attachments", async (HttpContext context, VisitorTokens tokens, IConversationService conversations, AttachmentFiles files, WebHostSettings settings) =>
        {
            if (await OwnConversationAsync(context, tokens, conversations) is not { } own)
            {
                return ApiResults.VisitorTokenInvalid();
            }

            var (file, text, refusal) = await Uploads.ReadAsync(context, settings);
            if (refusal is not null)
            {
                return refusal;
            }

            var attachment = await files.SaveAsync(file!, context.RequestAborted);
            var written = await WriteAsync(own, string.IsNullOrWhiteSpace(text) ? attachment.FileName : text, attachment, context, tokens, conversations);
            return written;
        });

        // A file of the visitor's own conversation only.
        visitor.MapGet("/files/{reference}", async (string reference, HttpContext context, VisitorTokens tokens, IConversationService conversations,
            IConversationStore store, AttachmentFiles files) =>
        {
            if (await OwnConversationAsync(context, tokens, conversations) is not { } own)
            {
                return ApiResults.VisitorTokenInvalid();
            }

            await foreach (var message in store.StreamMessagesAsync(own.Id, 0, context.RequestAborted))
            {
                if (message.Attachments.FirstOrDefault(a => a.StorageReference == reference) is { } attachment)
                {
                    return files.Download(attachment);
                }
            }

            return ApiResults.Error(StatusCodes.Status404NotFound, "NotFound", "This file is not attached to your conversation.");
        });

        visitor.MapPost("/transcript", async (EmailBody body, HttpContext context, VisitorTokens tokens, IConversationService conversations, ITranscriptService transcripts) =>
        {
            if (await OwnConversationAsync(context, tokens, conversations) is not { } own)
            {
                return ApiResults.VisitorTokenInvalid();
            }

            return ApiResults.From(await transcripts.RequestEmailAsync(own.Id, Actor.Contact(own.ContactId), body.Address ?? "", body.Subject, context.RequestAborted),
                r => new { r.Address, r.Subject });
        });

        visitor.MapPost("/close", async (HttpContext context, VisitorTokens tokens, IConversationService conversations) =>
        {
            if (await OwnConversationAsync(context, tokens, conversations) is not { } own)
            {
                return ApiResults.VisitorTokenInvalid();
            }

            return ApiResults.From(await conversations.CloseAsync(own.Id, Actor.Contact(own.ContactId), null, context.RequestAborted),
                c => new { State = c.State.ToString() });
        });
    }

    /// <summary>The conversation named by the request's token, when it is that contact's.</summary>
    private static async Task<Conversation?> OwnConversationAsync(HttpContext context, VisitorTokens tokens, IConversationService conversations)
    {
        if (tokens.Read(context.Request.Headers[VisitorTokens.Header].ToString()) is not { } session)
        {
            return null;
        }

        var conversation = await conversations.GetAsync(session.ConversationId, context.RequestAborted);
        return conversation is not null && conversation.ContactId == session.ContactId ? conversation : null;
    }

    private static async Task<IResult> WriteAsync(Conversation own, string text, Attachment? attachment, HttpContext context, VisitorTokens tokens, IConversationService conversations)
    {
        if (!own.IsOpen)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, "ConversationClosed", "This conversation is closed. Start a new chat to write again.");
        }

        // The contact writes to the department the conversation is in now (a forward may have moved it).
        var written = await conversations.ReceiveContactMessageAsync(own.ContactId, own.DepartmentId, text, attachment is null ? null : [attachment], context.RequestAborted);
        if (!written.Succeeded)
        {
            return ApiResults.Refused(written.Error);
        }

        // Closed between the read and the write: the library started a new conversation, which needs its own token.
        return Results.Ok(new { Token = written.Value.Id == own.Id ? null : tokens.Issue(own.ContactId, written.Value.Id) });
    }
}
