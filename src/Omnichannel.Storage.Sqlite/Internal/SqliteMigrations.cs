namespace Omnichannel.Storage.Sqlite.Internal;

/// <summary>
/// The schema, as the ordered list of migrations shipped with this version of the adapter. A migration is never
/// edited once released: a change to the schema is a new migration with the next version.
/// </summary>
/// <remarks>
/// Conventions: ids are TEXT compared with BINARY collation (ordinal); instants that are compared or ordered are
/// INTEGER nanoseconds since the Unix epoch; enums are their INTEGER values (Core numbers them explicitly); the rest
/// of an entity is the JSON of the shared storage codec in a <c>data</c> column, the one source of truth for reading
/// it back (the other columns are copies kept for WHERE clauses, indexes and constraints). Stateless and thread-safe.
/// </remarks>
internal static class SqliteMigrations
{
    /// <summary>Creates the table recording applied migrations; run before reading it, in the migrating transaction.</summary>
    public const string CreateVersionTable = """
        CREATE TABLE IF NOT EXISTS schema_version (
            version    INTEGER NOT NULL PRIMARY KEY,
            name       TEXT    NOT NULL,
            applied_at TEXT    NOT NULL
        );
        """;

    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "Initial schema: conversations, messages, outbox, agents, departments, contacts, canned responses, calls", """
            CREATE TABLE conversations (
                id               TEXT    NOT NULL PRIMARY KEY,
                contact_id       TEXT    NOT NULL,
                department_id    TEXT    NOT NULL,
                state            INTEGER NOT NULL,   -- ConversationState; 4 = Closed
                serving_agent_id TEXT,
                channel          TEXT    NOT NULL,
                created_at       INTEGER NOT NULL,
                queued_at        INTEGER NOT NULL,
                version          INTEGER NOT NULL,
                message_count    INTEGER NOT NULL,
                data             TEXT    NOT NULL
            );
            -- One open conversation per contact and department, enforced by the database itself.
            CREATE UNIQUE INDEX conversations_one_open_per_contact_department ON conversations (contact_id, department_id) WHERE state <> 4;
            CREATE INDEX conversations_by_contact ON conversations (contact_id, created_at);
            CREATE INDEX conversations_by_department ON conversations (department_id, state, created_at);
            -- Capacity claims and "my conversations" count an agent's open conversations by state.
            CREATE INDEX conversations_by_serving_agent ON conversations (serving_agent_id, state) WHERE serving_agent_id IS NOT NULL;

            -- The append-only log of each conversation, clustered by conversation so a page is one range read.
            CREATE TABLE messages (
                conversation_id TEXT    NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
                sequence        INTEGER NOT NULL,
                author_kind     INTEGER NOT NULL,
                author_id       TEXT,
                text            TEXT    NOT NULL,
                sent_at         INTEGER NOT NULL,
                attachments     TEXT,               -- JSON array; NULL when there is none
                PRIMARY KEY (conversation_id, sequence)
            ) WITHOUT ROWID;

            CREATE TABLE outbox (
                id               TEXT    NOT NULL PRIMARY KEY,
                kind             TEXT    NOT NULL,
                conversation_id  TEXT    NOT NULL,
                payload          TEXT,
                created_at       INTEGER NOT NULL,
                due_at           INTEGER NOT NULL,
                status           INTEGER NOT NULL,  -- OutboxMessageStatus; 0 = Pending
                attempts         INTEGER NOT NULL,
                last_error       TEXT,
                lease_owner      TEXT,
                lease_expires_at INTEGER,
                version          INTEGER NOT NULL
            );
            -- The lease query: pending jobs due first (then by id), of any kind or of one kind.
            CREATE INDEX outbox_pending_by_due ON outbox (due_at, id) WHERE status = 0;
            CREATE INDEX outbox_pending_by_kind_due ON outbox (kind, due_at, id) WHERE status = 0;
            CREATE INDEX outbox_by_conversation ON outbox (conversation_id, created_at, id);

            CREATE TABLE agents (
                id           TEXT    NOT NULL PRIMARY KEY,
                username_key TEXT    NOT NULL,      -- the user name upper-cased (invariant): ordinal, ignoring case
                version      INTEGER NOT NULL,
                data         TEXT    NOT NULL
            );
            CREATE UNIQUE INDEX agents_by_username ON agents (username_key);
            CREATE TABLE agent_departments (
                department_id TEXT NOT NULL,
                agent_id      TEXT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
                PRIMARY KEY (department_id, agent_id)
            ) WITHOUT ROWID;

            CREATE TABLE departments (
                id      TEXT    NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL,
                data    TEXT    NOT NULL
            );

            CREATE TABLE contacts (
                id      TEXT    NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL,
                data    TEXT    NOT NULL
            );

            CREATE TABLE canned_responses (
                id            TEXT    NOT NULL PRIMARY KEY,
                shortcut_key  TEXT    NOT NULL,     -- the shortcut upper-cased (invariant): unique ignoring case
                scope         INTEGER NOT NULL,     -- CannedResponseScope
                department_id TEXT,
                owner_id      TEXT,
                version       INTEGER NOT NULL,
                data          TEXT    NOT NULL
            );
            CREATE UNIQUE INDEX canned_responses_by_shortcut ON canned_responses (shortcut_key);
            CREATE INDEX canned_responses_by_department ON canned_responses (scope, department_id);
            CREATE INDEX canned_responses_by_owner ON canned_responses (owner_id) WHERE scope = 2;

            -- The current (or last) call of each conversation.
            CREATE TABLE calls (
                conversation_id TEXT    NOT NULL PRIMARY KEY,
                version         INTEGER NOT NULL,
                data            TEXT    NOT NULL
            );
            """),
        new(2, "Contacts found by channel and searched by name, email or phone", """
            -- Keys computed by Omnichannel.Storage.ContactSearchKeys; the store rewrites them in the contact's transaction.
            ALTER TABLE contacts ADD COLUMN sort_key TEXT NOT NULL DEFAULT '';
            CREATE INDEX contacts_by_sort_key ON contacts (sort_key, id);

            CREATE TABLE contact_channels (
                channel_key TEXT NOT NULL,   -- type and identifier upper-cased (invariant)
                contact_id  TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                PRIMARY KEY (channel_key, contact_id)
            ) WITHOUT ROWID;
            CREATE INDEX contact_channels_by_contact ON contact_channels (contact_id);

            -- A prefix search is a range of this primary key (BINARY: code-point order).
            CREATE TABLE contact_search (
                search_key TEXT NOT NULL,
                contact_id TEXT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
                PRIMARY KEY (search_key, contact_id)
            ) WITHOUT ROWID;
            CREATE INDEX contact_search_by_contact ON contact_search (contact_id);

            -- Contacts stored before this version: whole name and emails searchable now (upper() of SQLite folds ASCII
            -- only); name words, phone digits and exact non-ASCII keys once they are saved again.
            UPDATE contacts SET sort_key = upper(trim(json_extract(data, '$.name')));
            INSERT OR IGNORE INTO contact_search (search_key, contact_id)
                SELECT upper(trim(json_extract(data, '$.name'))), id FROM contacts WHERE trim(json_extract(data, '$.name')) <> '';
            INSERT OR IGNORE INTO contact_search (search_key, contact_id)
                SELECT upper(trim(e.value)), c.id FROM contacts c, json_each(c.data, '$.emails') e WHERE trim(e.value) <> '';
            """),
        new(3, "Managed tags; priorities stored by name (the former enum's \"None\" and numbers rewritten)", """
            CREATE TABLE tags (
                id      TEXT    NOT NULL PRIMARY KEY,
                version INTEGER NOT NULL,
                data    TEXT    NOT NULL
            );

            -- ConversationPriority became a configurable name: null for none, else the name. The former enum was stored by
            -- name ("None", "High"), and could be read from its numbers; both become the new form.
            UPDATE conversations SET data = json_set(data, '$.priority', json('null'))
            WHERE json_extract(data, '$.priority') IN ('None', 0);
            UPDATE conversations SET data = json_set(data, '$.priority',
                CASE json_extract(data, '$.priority') WHEN 1 THEN 'Highest' WHEN 2 THEN 'High' WHEN 3 THEN 'Medium' WHEN 4 THEN 'Low' ELSE 'Lowest' END)
            WHERE json_type(data, '$.priority') = 'integer' AND json_extract(data, '$.priority') BETWEEN 1 AND 5;
            """),
        new(4, "Agent views: conversations listed newest first across departments", """
            -- The contact center's list of all chats (an administrator's scope) pages newest first by creation time.
            CREATE INDEX conversations_by_created ON conversations (created_at, id);
            -- A department's list of all chats, closed ones included, newest first.
            CREATE INDEX conversations_by_department_created ON conversations (department_id, created_at, id);
            """),
        new(5, "Outbox retention: when each job finished, so delivered and failed jobs of closed conversations can be pruned", """
            -- When the job was delivered or failed, or its conversation closed after that (nanoseconds); NULL while pending.
            ALTER TABLE outbox ADD COLUMN finished_at INTEGER;
            -- Jobs finished before this version count from their due time.
            UPDATE outbox SET finished_at = due_at WHERE status <> 0;
            CREATE INDEX outbox_finished ON outbox (finished_at) WHERE finished_at IS NOT NULL;
            """),
    ];

    /// <summary>The newest schema version this adapter knows.</summary>
    public static int Latest => All[^1].Version;
}
