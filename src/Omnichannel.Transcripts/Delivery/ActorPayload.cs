using Omnichannel.Conversations;

namespace Omnichannel.Transcripts.Delivery;

/// <summary>An <see cref="Actor"/> as stored in a job's JSON payload.</summary>
internal sealed record ActorPayload(AuthorKind Kind, string? Id)
{
    public static ActorPayload From(Actor actor) => new(actor.Kind, actor.Id);

    public Actor ToActor() => Kind switch
    {
        AuthorKind.Agent when Id is not null => Actor.Agent(new AgentId(Id)),
        AuthorKind.Contact when Id is not null => Actor.Contact(new ContactId(Id)),
        _ => Actor.System,
    };
}
