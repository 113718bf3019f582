using Omnichannel.Routing.Algorithms;
using Omnichannel.Routing.Diagnostics;

namespace Omnichannel.Routing.Dispatch;

/// <summary>The span and count of each assignment the drain makes.</summary>
internal sealed partial class QueueDrain
{
    /// <summary><see cref="AssignAsync"/> inside an <c>omnichannel.routing.assign</c> span; a success counts in <c>omnichannel.assignments</c>.</summary>
    private async ValueTask<AssignmentOutcome> TracedAssignAsync(DepartmentRouting routing, QueueEntry entry, RoutedAgent agent, CancellationToken cancellationToken)
    {
        using var activity = RoutingActivitySource.Source.StartActivity(RoutingActivitySource.AssignSpan);
        activity?.SetTag("omnichannel.conversation.id", entry.Id.Value);
        activity?.SetTag("omnichannel.department.id", entry.DepartmentId.Value);
        activity?.SetTag("omnichannel.agent.id", agent.Id.Value);
        activity?.SetTag("omnichannel.routing.algorithm", RoutingMetrics.AlgorithmName(routing));
        try
        {
            var outcome = await AssignAsync(entry, agent, cancellationToken).ConfigureAwait(false);
            if (outcome == AssignmentOutcome.Assigned)
            {
                metrics.Assigned(routing, entry.DepartmentId);
            }

            activity?.SetTag("omnichannel.result", outcome switch
            {
                AssignmentOutcome.Assigned => "assigned",
                AssignmentOutcome.Stale => "stale",
                AssignmentOutcome.Corrected => "corrected",
                _ => "failed",
            });
            return outcome;
        }
        catch (Exception exception)
        {
            RoutingActivitySource.SetError(activity, exception);
            throw;
        }
    }
}
