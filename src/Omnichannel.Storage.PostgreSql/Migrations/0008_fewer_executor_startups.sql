-- Omnichannel schema version 8: the same conversation write (arguments, outcomes, order of checks, rules) with fewer
-- executor start-ups. Measured (session 7, perf over 3,000 assignments and callgrind on the function alone): starting the executor for each statement of
-- omnichannel_save_conversation was the largest part of its server time; an assignment started five queries besides its
-- UPDATE and the trigger's: the advisory lock (PERFORM is a query), the check of the appended messages' numbers (a query
-- over unnest), the UPDATE with the messages' INSERT over unnest and a count(*) over the updated rows. Now:
-- 1. the advisory lock is taken in an expression (PL/pgSQL evaluates a simple expression without the executor);
-- 2. the messages' numbers are checked in a loop of simple expressions;
-- 3. the UPDATE and the INSERT of the messages stay one statement, but the INSERT is the outer statement and its row count
--    says whether the UPDATE matched (0 rows inserted: it did not; the write carries at least one message). One message
--    (every take, assignment and post) is inserted from its array's first element, without unnest;
-- 4. the UPDATE names the counted key's columns only when the write changes one of them (see the trigger below).
-- Everything else (the read, the checks, their order, the version check in the UPDATE's WHERE) is schema 7's.

-- The load trigger on UPDATE fires only for statements that name a column of the counted key, and decides in its body
-- whether the key changed. Its WHEN clause was read back from the catalog text and prepared for every UPDATE statement
-- (measured, session 7, callgrind: about 4% of an assignment's server instructions); a column list costs nothing per
-- statement. Every statement that can change the key names its columns (an UPDATE changes only the columns it names;
-- conversations have no BEFORE trigger that could change others), so the counters stay exact for every writer.
CREATE OR REPLACE FUNCTION omnichannel_track_conversation_load() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_old_counted boolean := false;
    v_new_counted boolean := false;
    v_new_first boolean := false;
BEGIN
    -- An UPDATE that names the key's columns but keeps their values (the trigger has no WHEN any more) moves nothing.
    IF TG_OP = 'UPDATE' AND (OLD.serving_agent_id, OLD.department_id, OLD.channel, OLD.state)
                            IS NOT DISTINCT FROM (NEW.serving_agent_id, NEW.department_id, NEW.channel, NEW.state) THEN
        RETURN NULL;
    END IF;

    IF TG_OP <> 'INSERT' THEN
        v_old_counted := OLD.serving_agent_id IS NOT NULL AND OLD.state <> 'Closed';
    END IF;

    IF TG_OP <> 'DELETE' THEN
        v_new_counted := NEW.serving_agent_id IS NOT NULL AND NEW.state <> 'Closed';
    END IF;

    IF v_old_counted AND v_new_counted THEN
        v_new_first := (NEW.serving_agent_id, NEW.department_id, NEW.channel, NEW.state)
                     < (OLD.serving_agent_id, OLD.department_id, OLD.channel, OLD.state);
    END IF;

    IF v_new_counted AND v_new_first THEN
        UPDATE conversation_loads l SET conversations = l.conversations + 1
         WHERE l.serving_agent_id = NEW.serving_agent_id AND l.department_id = NEW.department_id
           AND l.channel = NEW.channel AND l.state = NEW.state;
        IF NOT FOUND THEN
            INSERT INTO conversation_loads AS l (serving_agent_id, department_id, channel, state, conversations)
            VALUES (NEW.serving_agent_id, NEW.department_id, NEW.channel, NEW.state, 1)
            ON CONFLICT (serving_agent_id, department_id, channel, state) DO UPDATE SET conversations = l.conversations + 1;
        END IF;
    END IF;

    IF v_old_counted THEN
        -- An update, not an upsert: PostgreSQL checks the CHECK on the row an upsert proposes (-1) before the conflict.
        UPDATE conversation_loads l SET conversations = l.conversations - 1
         WHERE l.serving_agent_id = OLD.serving_agent_id AND l.department_id = OLD.department_id
           AND l.channel = OLD.channel AND l.state = OLD.state;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'conversation_loads holds no counter for agent %, department %, channel %, state % although conversation % was counted in it',
                OLD.serving_agent_id, OLD.department_id, OLD.channel, OLD.state, OLD.id;
        END IF;
    END IF;

    IF v_new_counted AND NOT v_new_first THEN
        UPDATE conversation_loads l SET conversations = l.conversations + 1
         WHERE l.serving_agent_id = NEW.serving_agent_id AND l.department_id = NEW.department_id
           AND l.channel = NEW.channel AND l.state = NEW.state;
        IF NOT FOUND THEN
            INSERT INTO conversation_loads AS l (serving_agent_id, department_id, channel, state, conversations)
            VALUES (NEW.serving_agent_id, NEW.department_id, NEW.channel, NEW.state, 1)
            ON CONFLICT (serving_agent_id, department_id, channel, state) DO UPDATE SET conversations = l.conversations + 1;
        END IF;
    END IF;

    RETURN NULL;
END
$$;

DROP TRIGGER conversations_track_load_update ON conversations;
CREATE TRIGGER conversations_track_load_update
    AFTER UPDATE OF serving_agent_id, department_id, channel, state ON conversations
    FOR EACH ROW
    EXECUTE FUNCTION omnichannel_track_conversation_load();

CREATE OR REPLACE FUNCTION omnichannel_save_conversation(
    p_id text, p_expected_version bigint, p_contact_id text, p_department_id text, p_channel text, p_state text,
    p_serving_agent_id text, p_created_at timestamptz, p_message_count integer, p_data jsonb,
    p_sequences integer[], p_messages jsonb[],
    p_claim_agent_id text, p_claim_department_id text, p_agent_limit integer, p_department_limit integer,
    p_count_on_hold boolean, p_claim_channel text, p_channel_limit integer,
    p_job_ids text[], p_job_kinds text[], p_job_conversation_ids text[], p_job_created_at timestamptz[],
    p_job_due_at timestamptz[], p_job_data jsonb[],
    p_read_agent_id text, p_read_agent_version bigint, p_read_department_id text, p_read_department_version bigint,
    p_now timestamptz,
    OUT out_outcome integer, OUT out_version bigint, OUT out_agent_load integer, OUT out_department_load integer, OUT out_channel_load integer)
LANGUAGE plpgsql AS $$
DECLARE
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

    SELECT (SELECT a.version FROM agents a WHERE a.id = p_read_agent_id),
           (SELECT d.version FROM departments d WHERE d.id = p_read_department_id),
           c.version, c.contact_id, c.department_id, c.channel, c.state, c.serving_agent_id, c.message_count,
           l.agent_load, l.department_load, l.channel_load
      INTO v_agent_version, v_department_version,
           out_version, v_contact_id, v_department_id, v_channel, v_state, v_serving_agent_id, v_message_count,
           out_agent_load, out_department_load, out_channel_load
      FROM (SELECT 1) AS one
      LEFT JOIN conversations c ON c.id = p_id
      -- A few rows per agent (departments x channels x states), however many conversations they serve; none read
      -- for a claim without limits (the filter on v_limited is decided once, before any row is read).
      CROSS JOIN LATERAL (
          SELECT coalesce(sum(n.conversations), 0)::integer AS agent_load,
                 coalesce(sum(n.conversations) FILTER (WHERE n.department_id = p_claim_department_id), 0)::integer AS department_load,
                 coalesce(sum(n.conversations) FILTER (WHERE n.channel = p_claim_channel), 0)::integer AS channel_load
            FROM conversation_loads n
           WHERE v_limited AND n.serving_agent_id = p_claim_agent_id
             AND (n.state IN ('Taken', 'Forwarded') OR (p_count_on_hold AND n.state = 'OnHold'))) AS l;

    -- The checks, in schema 6's order.
    IF v_agent_version IS NOT NULL AND v_agent_version <> p_read_agent_version THEN
        out_outcome := 6;
        out_version := v_agent_version;
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN;
    END IF;

    IF v_department_version IS NOT NULL AND v_department_version <> p_read_department_version THEN
        out_outcome := 7;
        out_version := v_department_version;
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN;
    END IF;

    IF out_version IS NULL OR out_version <> p_expected_version THEN
        out_outcome := 1;
        out_version := coalesce(out_version, 0);
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN;
    END IF;

    IF v_contact_id <> p_contact_id THEN
        out_outcome := 2;
        out_agent_load := 0;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN;
    END IF;

    IF p_message_count <> v_message_count + cardinality(p_sequences) THEN
        out_outcome := 3;
        out_agent_load := v_message_count;
        out_department_load := 0;
        out_channel_load := 0;
        RETURN;
    END IF;

    -- The messages continue the log: 1 past the stored count, then 2, ... (simple expressions, no query).
    -- (Indexed from the array's lower bound, as unnest would read it.)
    FOR i IN 1 .. coalesce(cardinality(p_sequences), 0) LOOP
        IF p_sequences[array_lower(p_sequences, 1) + i - 1] <> v_message_count + i THEN
            out_outcome := 3;
            out_agent_load := v_message_count;
            out_department_load := 0;
            out_channel_load := 0;
            RETURN;
        END IF;
    END LOOP;

    IF p_state <> 'Closed' AND (v_state = 'Closed' OR v_department_id <> p_department_id) THEN
        IF EXISTS (SELECT 1 FROM conversations c
                    WHERE c.contact_id = p_contact_id AND c.department_id = p_department_id AND c.state <> 'Closed' AND c.id <> p_id) THEN
            out_outcome := 5;
            out_agent_load := 0;
            out_department_load := 0;
            out_channel_load := 0;
            RETURN;
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
            RETURN;
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
        RETURN;
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
END
$$;
