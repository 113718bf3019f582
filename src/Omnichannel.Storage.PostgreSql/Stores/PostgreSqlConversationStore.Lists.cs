using System.Text;
using Omnichannel.Conversations;
using Omnichannel.Storage.PostgreSql.Internal;
using Omnichannel.Storage.Shared;

namespace Omnichannel.Storage.PostgreSql.Stores;

/// <summary>
/// The agent's views (<see cref="IConversationListStore"/>): one indexed SELECT per page (by department, serving agent,
/// contact or creation time), newest first, at most limit + 1 rows; an agent's involvement and the tags are read from the
/// jsonb document with its operators.
/// </summary>
internal sealed partial class PostgreSqlConversationStore : IConversationListStore
{
    // Over the department's queued rows (index conversations_open_by_department: its open ones, the state filtered): per stored priority, how many are queued
    // and how many come first on SLA due time, queue time and id; the priorities are ranked in .NET. The instants are the
    // stored ISO text compared as QueuedAheadCounting.SortableKey (seconds, then the fraction padded to 9 digits; "~" for
    // none), byte order: exact to the nanosecond, where timestamptz keeps microseconds.
    private const string QueuedAheadSql = """
        SELECT priority, count(*),
               count(*) FILTER (WHERE due_key < $3 OR (due_key = $3 AND (queued_key < $4 OR (queued_key = $4 AND id < $2))))
          FROM (SELECT (data->'priority')::text AS priority, id,
                       coalesce(left(due, 19) || CASE WHEN substr(due, 20, 1) = '.' THEN rpad(substr(due, 21, length(due) - 21), 9, '0') ELSE '000000000' END, '~') COLLATE "C" AS due_key,
                       (left(queued, 19) || CASE WHEN substr(queued, 20, 1) = '.' THEN rpad(substr(queued, 21, length(queued) - 21), 9, '0') ELSE '000000000' END) COLLATE "C" AS queued_key
                  FROM (SELECT data, id, data->>'serviceLevelDueAt' AS due, data->>'queuedAt' AS queued
                          FROM conversations WHERE department_id = $1 AND is_open AND state = 'Queued' AND id <> $2) AS queue) AS keyed
         GROUP BY priority
        """;

    /// <inheritdoc />
    public async ValueTask<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        if (query.States is { Count: 0 } || query.Tags is { Count: 0 } || (query.Departments is { Count: 0 } && query.InvolvingAgent is null))
        {
            return new ConversationPage([], null);
        }

        await using var command = await _database.CommandAsync(ListSql(query), cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.TextArray(query.Departments?.Select(static d => d.Value).ToArray() ?? NoText));
        command.Parameters.Add(Sql.Text(query.InvolvingAgent?.Value));
        command.Parameters.Add(Sql.Text(query.ServingAgentId?.Value));
        command.Parameters.Add(Sql.Text(query.DepartmentId?.Value));
        command.Parameters.Add(Sql.Text(query.ContactId?.Value));
        command.Parameters.Add(Sql.TextArray(query.Tags?.ToArray() ?? NoText));
        command.Parameters.Add(Sql.Timestamp(query.CreatedFrom));
        command.Parameters.Add(Sql.Timestamp(query.CreatedBefore));
        command.Parameters.Add(Sql.Text(string.IsNullOrEmpty(query.Text) ? null : query.Text.ToUpperInvariant()));
        command.Parameters.Add(Sql.Timestamp(query.After?.CreatedAt));
        command.Parameters.Add(Sql.Text(query.After?.Id.Value));
        command.Parameters.Add(Sql.Integer(query.Limit + 1));
        var rows = await VersionedTable<Conversation>.ListAsync(command, cancellationToken).ConfigureAwait(false);
        // The column holds microseconds; the exact instants decide ties closer than that, in .NET's ordinal order.
        rows.RemoveAll(c => query.After is { } after && !after.Precedes(c));
        rows.Sort(ConversationCursor.Compare);
        return ConversationPage.From(rows, query.Limit);
    }

    /// <inheritdoc />
    public async ValueTask<int> CountQueuedAheadAsync(Conversation queued, QueuePlaceOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(order);
        await using var command = await _database.CommandAsync(QueuedAheadSql, cancellationToken).ConfigureAwait(false);
        command.Parameters.Add(Sql.Text(queued.DepartmentId.Value));
        command.Parameters.Add(Sql.Text(queued.Id.Value));
        command.Parameters.Add(Sql.Text(QueuedAheadCounting.SortableKey(queued.ServiceLevelDueAt)));
        command.Parameters.Add(Sql.Text(QueuedAheadCounting.SortableKey(queued.QueuedAt)));
        var groups = new List<(string?, long, long)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                groups.Add((await reader.IsDBNullAsync(0, cancellationToken).ConfigureAwait(false) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }

        return QueuedAheadCounting.Sum(groups, queued, order);
    }

    /// <summary>The SELECT of a page: only the clauses the query uses, so the planner picks the narrowest index.</summary>
    private static string ListSql(ConversationListQuery query)
    {
        var sql = new StringBuilder("SELECT version, data FROM conversations WHERE true");
        if (query.Departments is not null)
        {
            sql.Append(query.InvolvingAgent is null
                ? " AND department_id = ANY($1)"
                : " AND (department_id = ANY($1) OR serving_agent_id = $2 OR data->'servedBy' ? $2 OR data->'participants' ? $2)");
        }

        if (query.States is { } states)
        {
            sql.Append(" AND state IN (").AppendJoin(", ", states.Distinct().Select(s => $"'{StateName(s)}'")).Append(')');
            Append(sql, !states.Contains(ConversationState.Closed), " AND is_open"); // the partial indexes on open ones
        }

        Append(sql, query.ServingAgentId is not null, " AND serving_agent_id = $3");
        Append(sql, query.DepartmentId is not null, " AND department_id = $4");
        Append(sql, query.ContactId is not null, " AND contact_id = $5");
        Append(sql, query.Tags is not null, " AND data->'tags' ?| $6");
        Append(sql, query.CreatedFrom is not null, " AND created_at >= $7");
        Append(sql, query.CreatedBefore is not null, " AND created_at < $8");
        // Plain text, not a pattern: strpos() has no wildcards. Folded to upper case on both sides, as the in-memory store's
        // OrdinalIgnoreCase compares: lower() folded a final sigma apart from .NET's ToLowerInvariant, so Greek was not found.
        Append(sql, !string.IsNullOrEmpty(query.Text),
            " AND (strpos(upper(coalesce(data->>'topic', '')), $9) > 0 OR strpos(upper(coalesce(data->>'closingComment', '')), $9) > 0)");
        // The column holds microseconds: conversations closer than that to the cursor are ordered by id (then exactly in .NET).
        Append(sql, query.After is not null, " AND (created_at < $10 OR (created_at = $10 AND id < $11))");
        // Parameters a page does not use are still sent, typed, so the numbering stays fixed.
        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT $12");
        return sql.ToString();
    }

    private static void Append(StringBuilder sql, bool when, string clause)
    {
        if (when)
        {
            sql.Append(clause);
        }
    }
}
