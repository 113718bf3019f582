using Omnichannel.Conversations;
using Omnichannel.Operations;
using Omnichannel.Transcripts;
using Omnichannel.WebHost.Attachments;
using Omnichannel.WebHost.Security;

using static Omnichannel.WebHost.SessionEndpoints;
using Omnichannel.Workspace.CannedResponses;

namespace Omnichannel.WebHost;

/// <summary>
/// The agent console's conversation endpoints. The agent is always the signed-in one; a conversation id from the
/// browser is only passed to the library, which checks roles, permissions, department membership and the lifecycle,
/// or (for reads the library has no service for) to <see cref="ConversationReader.ViewAsync"/> first.
/// </summary>
public static class ConversationEndpoints
{
    /// <summary>Close: comment, tags and the transcript choices.</summary>
    public sealed record CloseBody(string? Comment, IReadOnlyList<string>? Tags, bool ExportPdf, bool SendEmail);

    /// <summary>Forward to an agent or a department, with a comment.</summary>
    public sealed record ForwardBody(string? AgentId, string? DepartmentId, string? Comment);

    /// <summary>A message.</summary>
    public sealed record TextBody(string? Text);

    /// <summary>Room information edits.</summary>
    public sealed record RoomBody(string? Topic, ConversationPriority? Priority);

    /// <summary>A transcript email request.</summary>
    public sealed record EmailBody(string? Address, string? Subject);

    private delegate ValueTask<OperationResult<Conversation>> Operation(ConversationId conversation, AgentId agent, CancellationToken cancellationToken);

    /// <summary>Maps the endpoints.</summary>
    public static void MapConversationEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAuthorization().AddEndpointFilter<AntiforgeryFilter>();

        api.MapGet("/queue", async (HttpContext context, ConversationReader reader) =>
            ApiResults.From(await reader.QueueAsync(Me(context), context.RequestAborted), items => items));

        api.MapGet("/conversations/mine", async (HttpContext context, ConversationReader reader) =>
        {
            var (inProgress, onHold) = await reader.MineAsync(Me(context), context.RequestAborted);
            return Results.Ok(new { InProgress = inProgress, OnHold = onHold });
        });

        api.MapGet("/conversations/closed", async (HttpContext context, ConversationReader reader) =>
            Results.Ok(await reader.RecentlyClosedAsync(Me(context), context.RequestAborted)));

        var one = api.MapGroup("/conversations/{id}");
        one.MapGet("", async (string id, HttpContext context, ConversationReader reader) =>
        {
            var (conversation, error) = await ViewAsync(id, context, reader);
            return conversation is null ? error! : Results.Ok(await reader.DescribeAsync(conversation, Me(context), context.RequestAborted));
        });

        one.MapGet("/messages", async (string id, int? after, HttpContext context, ConversationReader reader) =>
        {
            var (conversation, error) = await ViewAsync(id, context, reader);
            return conversation is null ? error! : Results.Ok(await reader.MessagesAsync(conversation, after ?? 0, context.RequestAborted));
        });

        one.MapPost("/take", (string id, HttpContext context, IConversationService conversations) =>
            ActAsync(id, context, conversations.TakeAsync));
        one.MapPost("/return", (string id, HttpContext context, IConversationService conversations) =>
            ActAsync(id, context, (c, a, t) => conversations.ReturnToQueueAsync(c, Actor.Agent(a), t)));
        one.MapPost("/hold", (string id, HttpContext context, IConversationService conversations) =>
            ActAsync(id, context, conversations.PlaceOnHoldAsync));
        one.MapPost("/resume", (string id, HttpContext context, IConversationService conversations) =>
            ActAsync(id, context, conversations.ResumeAsync));
        one.MapPost("/close", (string id, CloseBody body, HttpContext context, IConversationService conversations) =>
            ActAsync(id, context, (c, a, t) => conversations.CloseAsync(c, Actor.Agent(a), new CloseRequest
            {
                Comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment,
                Tags = body.Tags ?? [],
                Transcript = new TranscriptChoices(body.ExportPdf, body.SendEmail),
            }, t)));
        one.MapPost("/room", (string id, RoomBody body, HttpContext context, IConversationService conversations) =>
            ActAsync(id, context, (c, a, t) => conversations.UpdateRoomInformationAsync(c, a, new RoomInformationUpdate(body.Topic ?? "", body.Priority), t)));

        // "!shortcut" canned responses are expanded by the library before the message is posted; an unknown shortcut is refused.
        one.MapPost("/messages", (string id, TextBody body, HttpContext context, ICannedResponseService canned) =>
            ActAsync(id, context, (c, a, t) => canned.PostAgentMessageAsync(c, a, body.Text ?? "", null, t)));

        one.MapPost("/attachments", async (string id, HttpContext context, ICannedResponseService canned, AttachmentFiles files, WebHostSettings settings) =>
        {
            var (checkedId, notAllowed) = await MayActAsync(id, context);
            if (checkedId is not { } conversation)
            {
                return notAllowed!;
            }

            var (file, text, refusal) = await Uploads.ReadAsync(context, settings);
            if (refusal is not null)
            {
                return refusal;
            }

            var attachment = await files.SaveAsync(file!, context.RequestAborted);
            var posted = await canned.PostAgentMessageAsync(conversation, Me(context), string.IsNullOrWhiteSpace(text) ? attachment.FileName : text, [attachment], context.RequestAborted);
            if (!posted.Succeeded)
            {
                files.Delete(attachment);
            }

            return ApiResults.From(posted, Summary);
        });

        one.MapPost("/forward", async (string id, ForwardBody body, HttpContext context, IConversationService conversations) =>
        {
            var (checkedId, refusal) = await MayActAsync(id, context);
            if (checkedId is not { } conversation)
            {
                return refusal!;
            }

            ForwardTarget? target = Ids.Agent(body.AgentId) is { } agent ? ForwardTarget.ToAgent(agent)
                : Ids.Department(body.DepartmentId) is { } department ? ForwardTarget.ToDepartment(department) : null;
            if (target is null)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, "InvalidArgument", "Choose an agent or a department to forward to.");
            }

            var result = await conversations.ForwardAsync(conversation, Me(context), target.Value, body.Comment, context.RequestAborted);
            return ApiResults.From(result, r => new { r.Succeeded, r.Message, Id = r.Conversation.Id.Value, State = r.Conversation.State.ToString() });
        });

        one.MapPost("/transcript/email", (string id, EmailBody body, HttpContext context, ITranscriptService transcripts) =>
            CheckedAsync(id, context, async (conversation, me, token) =>
                ApiResults.From(await transcripts.RequestEmailAsync(conversation, Actor.Agent(me), body.Address ?? "", body.Subject, token), r => new { r.Address, r.Subject })));

        one.MapDelete("/transcript/email", (string id, HttpContext context, ITranscriptService transcripts) =>
            CheckedAsync(id, context, async (conversation, me, token) =>
                ApiResults.From(await transcripts.CancelEmailRequestAsync(conversation, Actor.Agent(me), token), r => new { r.Address, r.Subject })));

        // The PDF is made by the delivery worker and arrives in the agent's inbox (AgentInbox) as a direct message.
        one.MapPost("/transcript/pdf", (string id, HttpContext context, ITranscriptService transcripts) =>
            CheckedAsync(id, context, async (conversation, me, token) =>
                ApiResults.From(await transcripts.RequestPdfAsync(conversation, me, token),
                    _ => new { Message = "The PDF transcript is being made; it arrives in your inbox in a moment." })));
    }

    private static async Task<IResult> CheckedAsync(string id, HttpContext context, Func<ConversationId, AgentId, CancellationToken, Task<IResult>> action)
    {
        var (conversation, refusal) = await MayActAsync(id, context);
        return conversation is null ? refusal! : await action(conversation.Value, Me(context), context.RequestAborted);
    }

    /// <summary>The library's check for reading a conversation, as an HTTP refusal when it says no.</summary>
    public static async Task<(Conversation? Conversation, IResult? Error)> ViewAsync(string id, HttpContext context, ConversationReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        if (Ids.Conversation(id) is not { } conversation)
        {
            return (null, ApiResults.NoSuchConversation());
        }

        var (read, error) = await reader.ViewAsync(conversation, Me(context), context.RequestAborted);
        return read is null ? (null, ApiResults.Refused(error!)) : (read, null);
    }

    private static async Task<IResult> ActAsync(string id, HttpContext context, Operation operation)
    {
        var (conversation, refusal) = await MayActAsync(id, context);
        return conversation is null ? refusal! : ApiResults.From(await operation(conversation.Value, Me(context), context.RequestAborted), Summary);
    }

    /// <summary>
    /// Before any action, the same check as for reading: an agent outside the conversation's department is refused with
    /// the library's NotDepartmentMember message, so that no answer about another department's conversation (its state,
    /// who serves it) reaches them. The action itself is then checked again by the library.
    /// </summary>
    public static async Task<(ConversationId? Conversation, IResult? Refusal)> MayActAsync(string id, HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.RequestServices.GetRequiredService<ConversationReader>();
        var (conversation, error) = await ViewAsync(id, context, reader);
        return conversation is null ? (null, error) : (conversation.Id, null);
    }

    // After an action the page reads the conversation again through the checked endpoint: the answer says only what changed.
    private static object Summary(Conversation conversation) => new { Id = conversation.Id.Value, State = conversation.State.ToString() };
}
