using Npgsql;

namespace Omnichannel.Storage.PostgreSql.Stores;

internal sealed partial class PostgreSqlConversationStore
{
    /// <summary>
    /// Sends several conversation writes in one <see cref="NpgsqlBatch"/>: one round trip and one commit. The batch has no
    /// explicit transaction and no error barriers, so Npgsql ends it with a single Sync and PostgreSQL runs every call
    /// in one implicit transaction: a failing call rolls back the calls before it and skips those after it, and the
    /// results are only trusted once the reader has reached the end (the commit's ReadyForQuery). Each call sees the
    /// ones before it as committed (version checks, load counters), as if the writes had come one after the other in
    /// the batch's order. That order is by the agent whose capacity a write claims (ordinal; writes without a claim
    /// last), so concurrent batches take the per-agent advisory locks in one global order.
    /// </summary>
    /// <returns>Each write's outcome, in the order of <paramref name="calls"/>.</returns>
    private async Task<SaveOutcome[]> SaveTogetherAsync(IReadOnlyList<SaveCall> calls)
    {
        var order = new int[calls.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Stable (ties keep arrival order): Array.Sort is not, so the index breaks ties.
        Array.Sort(order, (x, y) => CompareClaims(calls[x].ClaimedAgent, calls[y].ClaimedAgent) is var byAgent and not 0 ? byAgent : x.CompareTo(y));

        // Not cancellable: the batch carries other callers' writes.
        await using var batch = await _database.BatchAsync(CancellationToken.None).ConfigureAwait(false);
        foreach (var index in order)
        {
            // The call's own command keeps its parameters (and its JSON) until its caller hears the outcome: copies of
            // them carry the same values.
            var command = new NpgsqlBatchCommand(calls[index].Statement);
            foreach (NpgsqlParameter parameter in calls[index].Command.Ready().Parameters)
            {
                command.Parameters.Add(parameter.Clone());
            }

            batch.BatchCommands.Add(command);
        }

        var outcomes = new SaveOutcome[calls.Count];
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None).ConfigureAwait(false))
        {
            for (var position = 0; position < order.Length; position++)
            {
                if ((position > 0 && !await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false))
                    || !await reader.ReadAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    throw new InvalidOperationException("omnichannel_save_conversation answered no row for a write of a batch.");
                }

                outcomes[order[position]] = SaveOutcome.Read(reader);
            }

            // Reads to the end of the batch: an error raised at the commit surfaces here, before anyone hears success.
            while (await reader.NextResultAsync(CancellationToken.None).ConfigureAwait(false))
            {
            }
        }

        return outcomes;
    }

    /// <summary>Ordinal order of claimed agents; writes without a claim (no advisory lock) come last.</summary>
    private static int CompareClaims(string? x, string? y) =>
        x is null ? (y is null ? 0 : 1) : y is null ? -1 : string.CompareOrdinal(x, y);
}
