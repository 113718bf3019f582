using Omnichannel.Agents;
using Omnichannel.Operations;

namespace Omnichannel.Diagnostics;

/// <summary>A span per changing agent operation (<c>omnichannel.agent.*</c>) around the service the container builds.</summary>
/// <remarks>Thread-safe: it keeps no state.</remarks>
internal sealed class TracedAgentService(IAgentService inner) : IAgentService
{
    public ValueTask<OperationResult<Agent>> RegisterAsync(Agent agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.AgentRegister, null, agent?.Id, null, (inner, agent, cancellationToken),
            static s => s.inner.RegisterAsync(s.agent!, s.cancellationToken));

    public ValueTask<OperationResult<Agent>> UpdateAsync(Agent agent, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.AgentUpdate, null, agent?.Id, null, (inner, agent, cancellationToken),
            static s => s.inner.UpdateAsync(s.agent!, s.cancellationToken));

    public ValueTask<OperationResult<Agent>> SetStatusAsync(AgentId agent, AgentStatus status, CancellationToken cancellationToken = default) =>
        TracedOperation.Run(SpanNames.AgentSetStatus, null, agent, null, (inner, agent, status, cancellationToken),
            static s => s.inner.SetStatusAsync(s.agent, s.status, s.cancellationToken));

    public ValueTask<Agent?> GetAsync(AgentId agent, CancellationToken cancellationToken = default) =>
        inner.GetAsync(agent, cancellationToken);
}
