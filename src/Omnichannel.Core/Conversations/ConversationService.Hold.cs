using Omnichannel.Agents;
using Omnichannel.Lifecycle;
using Omnichannel.Operations;
using Omnichannel.Validation;

namespace Omnichannel.Conversations;

/// <summary>Placing on hold and resuming.</summary>
internal sealed partial class ConversationService
{
    public async ValueTask<OperationResult<Conversation>> PlaceOnHoldAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.PlaceOnHold, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Conversation>.Failure(error);
        }

        return await ChangeAsync(conversation, Actor.Agent(agent), (current, now) =>
            ValueTask.FromResult(
                (RequireServing(actor!, current) is { } notServing ? ConversationChange.Refuse(notServing) : null)
                ?? HoldTransition(current, out var onHold)
                ?? new ConversationChange(WithNotice(current with { State = onHold, OnHoldSince = now }, SystemMessageSources.PlacedOnHold,
                    $"{actor!.Agent.Name} placed the conversation on hold.", now, out var notice))
                {
                    Posted = notice,
                    Trigger = ConversationTrigger.PlaceOnHold,
                    GuardsWaived = _options.AllowHoldWhenContactWroteLast,
                }),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<OperationResult<Conversation>> ResumeAsync(ConversationId conversation, AgentId agent, CancellationToken cancellationToken = default)
    {
        Require.Id(conversation);
        Require.Id(agent);
        var (actor, error) = await LoadActorAsync(agent, AgentPermissions.PlaceOnHold, cancellationToken).ConfigureAwait(false);
        if (error is not null)
        {
            return OperationResult<Conversation>.Failure(error);
        }

        if (actor!.Agent.Status != AgentStatus.Available)
        {
            return OperationResult<Conversation>.Failure(OperationErrorCode.AgentNotAvailable,
                $"Agent '{agent}' is {actor.Agent.Status}; only an Available agent can resume conversation '{conversation}'.");
        }

        return await ChangeAsync(conversation, Actor.Agent(agent), async (current, now) =>
        {
            var refused = (RequireServing(actor, current) is { } notServing ? ConversationChange.Refuse(notServing) : null)
                ?? Transition(current, ConversationTrigger.Resume, "resumed", out _);
            if (refused is not null)
            {
                return refused;
            }

            var department = await departments.GetAsync(current.DepartmentId, cancellationToken).ConfigureAwait(false);
            var resumed = WithNotice(current with
            {
                State = NextState(current, ConversationTrigger.Resume),
                ServingAgentId = agent,
                PreviousAgentId = current.ServingAgentId == agent ? current.PreviousAgentId : current.ServingAgentId,
            }, SystemMessageSources.Resumed, $"{actor.Agent.Name} resumed the conversation.", now, out var notice);
            return new ConversationChange(resumed)
            {
                Posted = notice,
                Trigger = ConversationTrigger.Resume,
                Claim = ClaimFor(actor.Agent, department, current.DepartmentId, current.Channel),
            };
        }, cancellationToken).ConfigureAwait(false);
    }
}
