namespace Omnichannel.Routing.Dispatch;

/// <summary>
/// One agent's place in one department's <see cref="AgentPool"/>: the pool and the slot number that indexes the pool's and
/// its indexes' arrays. Given the first time the agent enters that pool and kept while the agent belongs to the department,
/// so leaving and re-entering the pool (every load change does) allocates nothing.
/// </summary>
/// <param name="Pool">The pool.</param>
/// <param name="Number">The slot number in <paramref name="Pool"/>.</param>
internal readonly record struct PoolSlot(AgentPool Pool, int Number);
