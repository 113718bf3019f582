using System.Text;
using System.Text.Json;
using Omnichannel.Conversations;
using Omnichannel.Storage.Shared;
using Omnichannel.Storage.Sqlite.Internal;

namespace Omnichannel.Storage.Sqlite.Stores;

/// <summary>
/// The agent's views (<see cref="IConversationListStore"/>): one indexed SELECT per page (by department, serving agent,
/// contact or creation time), newest first, at most limit + 1 rows read; the involvement of an agent is read from the
/// JSON document (served by, participants).
/// </summary>
internal sealed partial class SqliteConversationStore : IConversationListStore
{
    // Over the department's queued rows (index conversations_by_department): per stored priority, how many are queued and
    // how many come first on SLA due time, queue time (nanoseconds) and id; the priorities are ranked in .NET. The stored
    // ISO text of the due time does not sort, so it is compared as QueuedAheadCounting.SortableKey: seconds, then the
    // fraction padded to 9 digits; "~" (after every key) for none.
    private const string QueuedAhead = """
        SELECT priority, COUNT(*), SUM(due_key < $due OR (due_key = $due AND (queued_at < $queued_at OR (queued_at = $queued_at AND id < $id))))
        FROM (SELECT priority, queued_at, id,
                     coalesce(substr(due, 1, 19) || CASE WHEN substr(due, 20, 1) = '.' THEN substr(substr(due, 21, length(due) - 21) || '000000000', 1, 9) ELSE '000000000' END, '~') AS due_key
              FROM (SELECT data -> '$.priority' AS priority, json_extract(data, '$.serviceLevelDueAt') AS due, queued_at, id
                    FROM conversations WHERE department_id = $department AND state = 0 AND id <> $id))
        GROUP BY priority
        """;

    /// <inheritdoc />
    public ValueTask<ConversationPage> ListAsync(ConversationListQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        query.Validate();
        // A handful of distinct texts (one per combination of filters used), each prepared once per session.
        var sql = ListSql(query);
        return database.ReadAsync((Sql: sql, Query: query), static (session, q) =>
        {
            var query = q.Query;
            var command = session.Command(q.Sql)
                .With("$departments", query.Departments is null ? null : JsonSerializer.Serialize(query.Departments.Select(static d => d.Value)))
                .With("$involved", query.InvolvingAgent?.Value)
                .With("$agent", query.ServingAgentId?.Value)
                .With("$department", query.DepartmentId?.Value)
                .With("$contact", query.ContactId?.Value)
                .With("$tags", query.Tags is null ? null : JsonSerializer.Serialize(query.Tags))
                .With("$from", query.CreatedFrom is { } from ? StorageTime.ToUnixNanoseconds(from, "the start of the date range") : null)
                .With("$before", query.CreatedBefore is { } before ? StorageTime.ToUnixNanoseconds(before, "the end of the date range") : null)
                .With("$text", string.IsNullOrEmpty(query.Text) ? null : query.Text.ToUpperInvariant())
                .With("$after_at", query.After is { } after ? StorageTime.ToUnixNanoseconds(after.CreatedAt, "the cursor") : null)
                .With("$after_id", query.After?.Id.Value)
                .With("$limit", query.Limit + 1);
            var rows = new List<Conversation>(Math.Min(query.Limit + 1, 256));
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    rows.Add(StorageJson.Deserialize<Conversation>(reader.GetString(0)));
                }
            }

            // SQLite orders ids by UTF-8 bytes; the page is put in .NET's ordinal order, the one the cursor compares.
            rows.Sort(ConversationCursor.Compare);
            return ConversationPage.From(rows, query.Limit);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<int> CountQueuedAheadAsync(Conversation queued, QueuePlaceOrder order, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queued);
        ArgumentNullException.ThrowIfNull(order);
        var queuedAt = StorageTime.ToUnixNanoseconds(queued.QueuedAt, $"the queueing time of conversation '{queued.Id}'");
        return database.ReadAsync((Queued: queued, QueuedAt: queuedAt, Order: order), static (session, q) =>
        {
            var command = session.Command(QueuedAhead)
                .With("$department", q.Queued.DepartmentId.Value)
                .With("$id", q.Queued.Id.Value)
                .With("$due", QueuedAheadCounting.SortableKey(q.Queued.ServiceLevelDueAt))
                .With("$queued_at", q.QueuedAt);
            var groups = new List<(string?, long, long)>();
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    groups.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)));
                }
            }

            return QueuedAheadCounting.Sum(groups, q.Queued, q.Order);
        }, cancellationToken);
    }

    /// <summary>The SELECT of a page: only the clauses the query uses, so SQLite picks the narrowest index.</summary>
    private static string ListSql(ConversationListQuery query)
    {
        var sql = new StringBuilder("SELECT data FROM conversations WHERE 1 = 1");
        if (query.Departments is not null)
        {
            sql.Append(query.InvolvingAgent is null
                ? " AND department_id IN (SELECT value FROM json_each($departments))"
                : """
                   AND (department_id IN (SELECT value FROM json_each($departments))
                        OR serving_agent_id = $involved
                        OR EXISTS (SELECT 1 FROM json_each(data, '$.servedBy') WHERE value = $involved)
                        OR EXISTS (SELECT 1 FROM json_each(data, '$.participants') WHERE value = $involved))
                  """);
        }

        if (query.States is { } states)
        {
            var numbers = states.Select(static s => (int)s).Distinct().Order().ToArray();
            sql.Append(numbers.Length == 0 ? " AND 0" : $" AND state IN ({string.Join(", ", numbers)})");
        }

        Append(sql, query.ServingAgentId is not null, " AND serving_agent_id = $agent");
        Append(sql, query.DepartmentId is not null, " AND department_id = $department");
        Append(sql, query.ContactId is not null, " AND contact_id = $contact");
        Append(sql, query.Tags is not null, " AND EXISTS (SELECT 1 FROM json_each(data, '$.tags') WHERE value IN (SELECT value FROM json_each($tags)))");
        Append(sql, query.CreatedFrom is not null, " AND created_at >= $from");
        Append(sql, query.CreatedBefore is not null, " AND created_at < $before");
        // Plain text, not a pattern: instr() has no wildcards. omnichannel_upper() folds every script, as the in-memory
        // store's OrdinalIgnoreCase (SQLite's lower() folds
        // ASCII only, so a topic "École" was never found).
        Append(sql, !string.IsNullOrEmpty(query.Text),
            $" AND (instr({SqliteOmnichannelDatabase.UpperFunction}(coalesce(json_extract(data, '$.topic'), '')), $text) > 0 OR instr({SqliteOmnichannelDatabase.UpperFunction}(coalesce(json_extract(data, '$.closingComment'), '')), $text) > 0)");
        Append(sql, query.After is not null, " AND (created_at < $after_at OR (created_at = $after_at AND id < $after_id))");
        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT $limit");
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
