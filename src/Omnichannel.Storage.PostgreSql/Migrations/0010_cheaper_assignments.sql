-- Omnichannel schema version 10: cheaper takes and assignments, with the same arguments, outcomes, order of checks and
-- rules. Measured with callgrind (session 8; benchmarks/Omnichannel.Benchmarks/Storage/pg-callgrind.sh: one backend,
-- one statement per call, 400 assignments against 20,000 stored conversations), in three steps:
-- 1. An UPDATE that takes, assigns, holds or hands over a conversation updates no index (a HOT update). It changes the
--    state and the serving agent; every index that held either (the open slot's predicate, the department's open
--    conversations keyed by state, the open conversations by serving agent) got a new entry for the row's new version:
--    seven index entries per assignment, a quarter of the function's instructions. Now the indexes hold only
--    `is_open`, a column PostgreSQL computes from the state (stored, so it cannot disagree with it), which a take does
--    not change: the open slot is unique `WHERE is_open`, the department's open conversations are keyed by department
--    and creation (a queue read filters the state among the department's open conversations: the queued ones and those
--    being served, never the closed), and the index by serving agent is gone (claims read the load counters; the rare
--    reads of what one agent serves filter the open conversations). A close or a forward to another department still
--    updates the indexes, as it must. Adding a stored column rewrites `conversations` once, during this migration.
-- 2. The function returns its five figures (outcome, version, agent, department and channel load) as one bigint[]
--    and the adapter calls it as a value (`SELECT f(...)`), no longer as a table (`SELECT * FROM f(...)` with OUT
--    parameters): a call in FROM built the result's row type from the function's catalog entry (its 30 argument types,
--    modes and names) and a function scan with a tuplestore on every call.
-- 3. A limited claim sums the agent's load counters in a loop over their few rows instead of an aggregate joined into
--    the read of the conversation: the aggregate's executor start-up cost more than the rows.

ALTER TABLE conversations ADD COLUMN is_open boolean GENERATED ALWAYS AS (state <> 'Closed') STORED;

DROP INDEX conversations_one_open;
CREATE UNIQUE INDEX conversations_one_open ON conversations (contact_id, department_id) WHERE is_open;
DROP INDEX conversations_open_by_department;
CREATE INDEX conversations_open_by_department ON conversations (department_id, created_at) WHERE is_open;
DROP INDEX conversations_open_by_agent;

-- The contact's first message: schema 1's function with the open slot named by is_open (ON CONFLICT must name the
-- unique index's predicate).
CREATE OR REPLACE FUNCTION omnichannel_create_conversation(
    p_id text, p_contact_id text, p_department_id text, p_channel text, p_state text, p_serving_agent_id text,
    p_created_at timestamptz, p_message_count integer, p_data jsonb, p_messages jsonb[],
    OUT out_created boolean, OUT out_version bigint, OUT out_data jsonb)
LANGUAGE plpgsql AS $$
BEGIN
    LOOP
        INSERT INTO conversations (id, contact_id, department_id, channel, state, serving_agent_id, created_at, message_count, version, data)
        VALUES (p_id, p_contact_id, p_department_id, p_channel, p_state, p_serving_agent_id, p_created_at, p_message_count, 1, p_data)
        ON CONFLICT (contact_id, department_id) WHERE is_open DO NOTHING;
        IF FOUND THEN
            INSERT INTO conversation_messages (conversation_id, sequence, data)
            SELECT p_id, m.ordinality, m.message FROM unnest(p_messages) WITH ORDINALITY AS m (message, ordinality);
            out_created := true;
            out_version := 1;
            RETURN;
        END IF;

        out_created := false;
        SELECT c.version, c.data INTO out_version, out_data FROM conversations c
         WHERE c.contact_id = p_contact_id AND c.department_id = p_department_id AND c.is_open;
        IF FOUND THEN
            RETURN;
        END IF;
        -- The open conversation closed between the insert and the read: try again.
    END LOOP;
END
$$;

-- The result type changes, which CREATE OR REPLACE cannot do.
DROP FUNCTION omnichannel_save_conversation(
    text, bigint, text, text, text, text, text, timestamptz, integer, jsonb, integer[], jsonb[], text, text, integer, integer,
    boolean, text, integer, text[], text[], text[], timestamptz[], timestamptz[], jsonb[], text, bigint, text, bigint, timestamptz);

CREATE FUNCTION omnichannel_save_conversation(
    p_id text, p_expected_version bigint, p_contact_id text, p_department_id text, p_channel text, p_state text,
    p_serving_agent_id text, p_created_at timestamptz, p_message_count integer, p_data jsonb,
    p_sequences integer[], p_messages jsonb[],
    p_claim_agent_id text, p_claim_department_id text, p_agent_limit integer, p_department_limit integer,
    p_count_on_hold boolean, p_claim_channel text, p_channel_limit integer,
    p_job_ids text[], p_job_kinds text[], p_job_conversation_ids text[], p_job_created_at timestamptz[],
    p_job_due_at timestamptz[], p_job_data jsonb[],
    p_read_agent_id text, p_read_agent_version bigint, p_read_department_id text, p_read_department_version bigint,
    p_now timestamptz)
RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
    out_outcome integer;
    out_version bigint;
    out_agent_load integer;
    out_department_load integer;
    out_channel_load integer;
    v_load record;
    v_agent_version bigint;
    v_department_version bigint;
    v_contact_id text;
    v_department_id text;
    v_channel text;
    v_state text;
    v_serving_agent_id text;
    v_message_count integer;
    v_updated integer;
    v_locked boolean;
    v_key_kept boolean;
    v_limited boolean := p_claim_agent_id IS NOT NULL
        AND (p_agent_limit > 0 OR p_department_limit > 0 OR (p_claim_channel IS NOT NULL AND p_channel_limit > 0));
BEGIN
    IF v_limited THEN
        -- Every limited claim on this agent, from any process, waits here until the previous one commits; under READ
        -- COMMITTED the counters read by the next statement then include it. Advisory, so agents need no row here.
        -- An expression, not PERFORM: no executor start-up. The lock returns void, which is never NULL.
        v_locked := pg_advisory_xact_lock(hashtextextended('omnichannel.agent:' || p_claim_agent_id, 0)) IS NOT NULL;
    END IF;

    -- The agent's load, summed here from its few counter rows (departments x channels x states) rather than by an
    -- aggregate in the read below: an aggregate's executor start-up cost more than the rows (measured, session 8).
    -- Read after the lock and BEFORE the row: if this conversation changed between the two reads, the row read below
    -- has a newer version and the write stops at the version check, before the capacity check could use a count that
    -- disagrees with the row; if it did not, both reads agree on it.
    out_agent_load := 0;
    out_department_load := 0;
    out_channel_load := 0;
    IF v_limited THEN
        FOR v_load IN SELECT n.department_id, n.channel, n.conversations FROM conversation_loads n
                       WHERE n.serving_agent_id = p_claim_agent_id
                         AND (n.state IN ('Taken', 'Forwarded') OR (p_count_on_hold AND n.state = 'OnHold')) LOOP
            out_agent_load := out_agent_load + v_load.conversations;
            IF v_load.department_id = p_claim_department_id THEN
                out_department_load := out_department_load + v_load.conversations;
            END IF;
            IF v_load.channel = p_claim_channel THEN
                out_channel_load := out_channel_load + v_load.conversations;
            END IF;
        END LOOP;
    END IF;

    SELECT (SELECT a.version FROM agents a WHERE a.id = p_read_agent_id),
           (SELECT d.version FROM departments d WHERE d.id = p_read_department_id),
           c.version, c.contact_id, c.department_id, c.channel, c.state, c.serving_agent_id, c.message_count
      INTO v_agent_version, v_department_version,
           out_version, v_contact_id, v_department_id, v_channel, v_state, v_serving_agent_id, v_message_count
      FROM (SELECT 1) AS one
      LEFT JOIN conversations c ON c.id = p_id;

    -- The checks, in schema 6's order.
    IF v_agent_version IS NOT NULL AND v_agent_version <> p_read_agent_version THEN
        out_outcome := 6;
        out_version := v_agent_version;
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
    END IF;

    IF v_department_version IS NOT NULL AND v_department_version <> p_read_department_version THEN
        out_outcome := 7;
        out_version := v_department_version;
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
    END IF;

    IF out_version IS NULL OR out_version <> p_expected_version THEN
        out_outcome := 1;
        out_version := coalesce(out_version, 0);
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
    END IF;

    IF v_contact_id <> p_contact_id THEN
        out_outcome := 2;
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
    END IF;

    IF p_message_count <> v_message_count + cardinality(p_sequences) THEN
        out_outcome := 3;
        out_agent_load := v_message_count;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
    END IF;

    -- The messages continue the log: 1 past the stored count, then 2, ... (simple expressions, no query).
    -- (Indexed from the array's lower bound, as unnest would read it.)
    FOR i IN 1 .. coalesce(cardinality(p_sequences), 0) LOOP
        IF p_sequences[array_lower(p_sequences, 1) + i - 1] <> v_message_count + i THEN
            out_outcome := 3;
            out_agent_load := v_message_count;
            out_department_load := 0;
            out_channel_load := 0;
            RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
        END IF;
    END LOOP;

    IF p_state <> 'Closed' AND (v_state = 'Closed' OR v_department_id <> p_department_id) THEN
        IF EXISTS (SELECT 1 FROM conversations c
                    WHERE c.contact_id = p_contact_id AND c.department_id = p_department_id AND c.is_open AND c.id <> p_id) THEN
            out_outcome := 5;
            out_agent_load := 0;
            out_department_load := 0;
            out_channel_load := 0;
            RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
        END IF;
    END IF;

    IF v_limited THEN
        -- This conversation as stored (the counters were read in the same snapshot as the row) is not counted.
        IF v_serving_agent_id = p_claim_agent_id AND (v_state IN ('Taken', 'Forwarded') OR (p_count_on_hold AND v_state = 'OnHold')) THEN
            out_agent_load := out_agent_load - 1;
            IF v_department_id = p_claim_department_id THEN
                out_department_load := out_department_load - 1;
            END IF;
            IF v_channel = p_claim_channel THEN
                out_channel_load := out_channel_load - 1;
            END IF;
        END IF;

        IF NOT ((p_agent_limit <= 0 OR out_agent_load < p_agent_limit)
                AND (p_department_limit <= 0 OR out_department_load < p_department_limit)
                AND (p_claim_channel IS NULL OR p_channel_limit <= 0 OR out_channel_load < p_channel_limit)) THEN
            out_outcome := 4;
            RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
        END IF;
    END IF;

    -- The row's counted key (agent, department, channel, state) as read; the UPDATE changes nothing else of it, since it
    -- matches only the version read. A write that keeps the key does not name those columns, so the load trigger
    -- (AFTER UPDATE OF them) does not even fire: a post, a tag, a note.
    v_key_kept := p_department_id = v_department_id AND p_channel = v_channel AND p_state = v_state
                  AND p_serving_agent_id IS NOT DISTINCT FROM v_serving_agent_id;

    IF cardinality(p_messages) = 1 AND v_key_kept THEN
        -- A post: the one message without unnest. Inserted only if the UPDATE matched, so the INSERT's row count (0 or 1)
        -- is the UPDATE's.
        WITH updated AS (
            UPDATE conversations
               SET created_at = p_created_at, message_count = p_message_count, version = p_expected_version + 1, data = p_data
             WHERE id = p_id AND version = p_expected_version
            RETURNING id
        )
        INSERT INTO conversation_messages (conversation_id, sequence, data)
        SELECT updated.id, v_message_count + 1, p_messages[array_lower(p_messages, 1)] FROM updated;
        GET DIAGNOSTICS v_updated = ROW_COUNT;
    ELSIF cardinality(p_messages) = 1 THEN
        -- A take, an assignment, a forward: the same with the key.
        WITH updated AS (
            UPDATE conversations
               SET department_id = p_department_id, channel = p_channel, state = p_state, serving_agent_id = p_serving_agent_id,
                   created_at = p_created_at, message_count = p_message_count, version = p_expected_version + 1, data = p_data
             WHERE id = p_id AND version = p_expected_version
            RETURNING id
        )
        INSERT INTO conversation_messages (conversation_id, sequence, data)
        SELECT updated.id, v_message_count + 1, p_messages[array_lower(p_messages, 1)] FROM updated;
        GET DIAGNOSTICS v_updated = ROW_COUNT;
    ELSIF cardinality(p_messages) > 1 THEN
        -- Several messages: one row each for an UPDATE that matched, none otherwise.
        WITH updated AS (
            UPDATE conversations
               SET department_id = p_department_id, channel = p_channel, state = p_state, serving_agent_id = p_serving_agent_id,
                   created_at = p_created_at, message_count = p_message_count, version = p_expected_version + 1, data = p_data
             WHERE id = p_id AND version = p_expected_version
            RETURNING id
        )
        INSERT INTO conversation_messages (conversation_id, sequence, data)
        SELECT updated.id, v_message_count + m.ordinality, m.message
          FROM updated CROSS JOIN unnest(p_messages) WITH ORDINALITY AS m (message, ordinality);
        GET DIAGNOSTICS v_updated = ROW_COUNT;
    ELSIF v_key_kept THEN
        UPDATE conversations
           SET created_at = p_created_at, message_count = p_message_count, version = p_expected_version + 1, data = p_data
         WHERE id = p_id AND version = p_expected_version;
        GET DIAGNOSTICS v_updated = ROW_COUNT;
    ELSE
        UPDATE conversations
           SET department_id = p_department_id, channel = p_channel, state = p_state, serving_agent_id = p_serving_agent_id,
               created_at = p_created_at, message_count = p_message_count, version = p_expected_version + 1, data = p_data
         WHERE id = p_id AND version = p_expected_version;
        GET DIAGNOSTICS v_updated = ROW_COUNT;
    END IF;

    IF v_updated = 0 THEN
        -- Another write committed after the read: a version conflict, as if it had come first.
        out_outcome := 1;
        out_version := coalesce((SELECT c.version FROM conversations c WHERE c.id = p_id), 0);
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
    END IF;

    IF cardinality(p_job_ids) > 0 THEN
        INSERT INTO outbox (id, kind, conversation_id, status, created_at, due_at, lease_expires_at, version, data)
        SELECT j.id, j.kind, j.conversation_id, 'Pending', j.created_at, j.due_at, NULL, 1, j.data
          FROM unnest(p_job_ids, p_job_kinds, p_job_conversation_ids, p_job_created_at, p_job_due_at, p_job_data)
               AS j (id, kind, conversation_id, created_at, due_at, data);
    END IF;

    IF p_state = 'Closed' THEN
        -- Records that finished while the conversation was open start their retention again at its close.
        UPDATE outbox SET finished_at = greatest(finished_at, p_now) WHERE conversation_id = p_id AND finished_at IS NOT NULL;
    END IF;

    out_outcome := 0;
    out_version := p_expected_version + 1;
    RETURN ARRAY[out_outcome, out_version, out_agent_load, out_department_load, out_channel_load];
END
$$;

