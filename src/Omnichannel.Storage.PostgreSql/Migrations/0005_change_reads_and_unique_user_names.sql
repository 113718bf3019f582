-- Omnichannel schema version 5: the conversation write also checks the agent and department records the change was
-- decided from, so the adapter may answer a change's reads of them (and of the conversation) from memory and an
-- assignment costs one round trip. Agent and department versions are checked only when this database holds the
-- record (an integrator may keep agents elsewhere); outcome 6 names a changed agent, 7 a changed department.
-- It also restarts the outbox retention of a conversation's finished jobs when it closes (p_now, the library's clock).

-- User names are unique ignoring letter case, as in the in-memory and SQLite stores. Schema 1 only indexed them, so
-- a database holding two agents with one name stops this migration with a unique violation naming the index: rename
-- one of them, then start again (nothing of this migration is applied until it succeeds).
DROP INDEX agents_by_username;
CREATE UNIQUE INDEX agents_by_username ON agents (username_key);

-- Outbox retention: when each job was delivered or failed, or its conversation closed after that; NULL while pending.
-- Jobs finished before this version count from their due time.
ALTER TABLE outbox ADD COLUMN finished_at timestamptz;
UPDATE outbox SET finished_at = due_at WHERE status <> 'Pending';
CREATE INDEX outbox_finished ON outbox (finished_at) WHERE finished_at IS NOT NULL;

DROP FUNCTION omnichannel_save_conversation(
    text, bigint, text, text, text, text, text, timestamptz, integer, jsonb, integer[], jsonb[],
    text, text, integer, integer, boolean, text, integer,
    text[], text[], text[], timestamptz[], timestamptz[], jsonb[]);

-- One conversation change, all or nothing, in one round trip (docs/architecture.md): serialize claims on the agent,
-- lock the row and check the version, check the appended messages continue the log, check the contact's open slot
-- in the department, count the agent's load, then write the row, its messages and its outbox jobs.
-- out_outcome: 0 stored (out_version = the new version), 1 version conflict (out_version = stored version, 0 when
-- absent), 2 contact changed, 3 messages do not continue the log (out_agent_load = stored message count),
-- 4 no capacity (the loads), 5 the contact has another open conversation in the department, 6 the agent the change
-- was decided from is stored at another version (out_version = that version), 7 the same for the department.
-- A concurrent first message into the department, or a duplicate outbox id, raises unique_violation (nothing written).
-- The common path runs few statements: checks are plain expressions, and a claim without limits neither locks nor counts.
CREATE FUNCTION omnichannel_save_conversation(
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
    v_contact_id text;
    v_department_id text;
    v_state text;
    v_message_count integer;
    v_read_version bigint;
    v_limited boolean := p_claim_agent_id IS NOT NULL
        AND (p_agent_limit > 0 OR p_department_limit > 0 OR (p_claim_channel IS NOT NULL AND p_channel_limit > 0));
BEGIN
    out_agent_load := 0;
    out_department_load := 0;
    out_channel_load := 0;
    IF v_limited THEN
        -- Every limited claim on this agent, from any process, waits here until the previous one commits; under READ
        -- COMMITTED the count below then sees it. Advisory, so agents need no row in this database.
        PERFORM pg_advisory_xact_lock(hashtextextended('omnichannel.agent:' || p_claim_agent_id, 0));
    END IF;

    -- After the claim's lock, so a limited claim sees the agent as the previous claim on them left it.
    IF p_read_agent_id IS NOT NULL THEN
        SELECT a.version INTO v_read_version FROM agents a WHERE a.id = p_read_agent_id;
        IF FOUND AND v_read_version <> p_read_agent_version THEN
            out_outcome := 6;
            out_version := v_read_version;
            RETURN;
        END IF;
    END IF;

    IF p_read_department_id IS NOT NULL THEN
        SELECT d.version INTO v_read_version FROM departments d WHERE d.id = p_read_department_id;
        IF FOUND AND v_read_version <> p_read_department_version THEN
            out_outcome := 7;
            out_version := v_read_version;
            RETURN;
        END IF;
    END IF;

    SELECT c.version, c.contact_id, c.department_id, c.state, c.message_count
      INTO out_version, v_contact_id, v_department_id, v_state, v_message_count
      FROM conversations c WHERE c.id = p_id FOR UPDATE;
    IF NOT FOUND OR out_version <> p_expected_version THEN
        out_outcome := 1;
        out_version := coalesce(out_version, 0);
        RETURN;
    END IF;

    IF v_contact_id <> p_contact_id THEN
        out_outcome := 2;
        RETURN;
    END IF;

    IF p_message_count <> v_message_count + cardinality(p_sequences) THEN
        out_outcome := 3;
        out_agent_load := v_message_count;
        RETURN;
    END IF;

    IF cardinality(p_sequences) > 0 THEN
        IF EXISTS (SELECT 1 FROM unnest(p_sequences) WITH ORDINALITY AS s (sequence, ordinality) WHERE s.sequence <> v_message_count + s.ordinality) THEN
            out_outcome := 3;
            out_agent_load := v_message_count;
            RETURN;
        END IF;
    END IF;

    IF p_state <> 'Closed' AND (v_state = 'Closed' OR v_department_id <> p_department_id) THEN
        IF EXISTS (SELECT 1 FROM conversations c
                    WHERE c.contact_id = p_contact_id AND c.department_id = p_department_id AND c.state <> 'Closed' AND c.id <> p_id) THEN
            out_outcome := 5;
            RETURN;
        END IF;
    END IF;

    IF v_limited THEN
        SELECT count(*),
               count(*) FILTER (WHERE c.department_id = p_claim_department_id),
               count(*) FILTER (WHERE c.channel = p_claim_channel)
          INTO out_agent_load, out_department_load, out_channel_load
          FROM conversations c
         WHERE c.serving_agent_id = p_claim_agent_id AND c.state <> 'Closed' AND c.id <> p_id
           AND (c.state IN ('Taken', 'Forwarded') OR (p_count_on_hold AND c.state = 'OnHold'));
        IF NOT ((p_agent_limit <= 0 OR out_agent_load < p_agent_limit)
                AND (p_department_limit <= 0 OR out_department_load < p_department_limit)
                AND (p_claim_channel IS NULL OR p_channel_limit <= 0 OR out_channel_load < p_channel_limit)) THEN
            out_outcome := 4;
            RETURN;
        END IF;
    END IF;

    UPDATE conversations
       SET department_id = p_department_id, channel = p_channel, state = p_state, serving_agent_id = p_serving_agent_id,
           created_at = p_created_at, message_count = p_message_count, version = out_version + 1, data = p_data
     WHERE id = p_id;

    IF cardinality(p_messages) > 0 THEN
        INSERT INTO conversation_messages (conversation_id, sequence, data)
        SELECT p_id, v_message_count + m.ordinality, m.message FROM unnest(p_messages) WITH ORDINALITY AS m (message, ordinality);
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
    out_version := out_version + 1;
END
$$;
