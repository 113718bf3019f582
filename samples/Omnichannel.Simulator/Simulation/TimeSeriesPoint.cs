namespace Omnichannel.Simulator.Simulation;

/// <summary>One sample of a run's time series: the state at <see cref="Minute"/> and what happened since the previous sample.</summary>
/// <param name="Minute">Minutes since the start of the run.</param>
/// <param name="Queued">Conversations queued (all departments) at the sample.</param>
/// <param name="QueuedMax">The most queued at any moment since the previous sample.</param>
/// <param name="Arrivals">Conversations started since the previous sample.</param>
/// <param name="Answered">Conversations first taken since the previous sample.</param>
/// <param name="WaitMeanSeconds">Mean wait of those answered since the previous sample; null when none.</param>
/// <param name="Abandoned">Contacts who left the queue since the previous sample.</param>
/// <param name="Occupied">Agent capacity slots in use at the sample.</param>
/// <param name="Utilization">Occupied slots over all slots at the sample.</param>
internal sealed record TimeSeriesPoint(double Minute, int Queued, int QueuedMax, int Arrivals, int Answered, double? WaitMeanSeconds, int Abandoned, int Occupied, double Utilization);
