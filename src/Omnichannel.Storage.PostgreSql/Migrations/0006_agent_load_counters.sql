-- Omnichannel schema version 6: a capacity claim reads the agent's load from counters kept by the database instead of
-- counting the agent's open conversations. Measured (session 5): with a few hundred open conversations per agent the
-- count was more than half of the server time of an assignment, and it grew with every conversation the agent held.
-- The counters are kept by a trigger on conversations in the same transaction as every insert, update and delete, so
-- they are exactly the committed rows (nothing can write conversations around them) and the claim's rule is unchanged:
-- still serialized per agent by the advisory lock, still read after it, under READ COMMITTED.

-- No conversation is written while the counters are filled, so none is missed or counted twice.
LOCK TABLE conversations IN SHARE ROW EXCLUSIVE MODE;

-- How many open conversations each agent serves, by department, channel and state (Closed ones and those without a
-- serving agent are not counted). Rows at 0 are kept: a later increment then updates instead of racing an insert.
CREATE TABLE conversation_loads (
    serving_agent_id text COLLATE "C" NOT NULL,
    department_id    text COLLATE "C" NOT NULL,
    channel          text COLLATE "C" NOT NULL,
    state            text NOT NULL,
    conversations    integer NOT NULL CHECK (conversations >= 0),
    PRIMARY KEY (serving_agent_id, department_id, channel, state)
);

INSERT INTO conversation_loads (serving_agent_id, department_id, channel, state, conversations)
SELECT serving_agent_id, department_id, channel, state, count(*)
  FROM conversations
 WHERE serving_agent_id IS NOT NULL AND state <> 'Closed'
 GROUP BY serving_agent_id, department_id, channel, state;

-- Moves one conversation's count between counters. A conversation that changes agent, department, channel or state
-- updates two counters: always in key order, so two moves in opposite directions never wait on each other in a
-- cycle. A decrement below 0 or of a missing counter (counters out of step with the rows) fails the write, rather than
-- letting a claim pass on a wrong load.
CREATE FUNCTION omnichannel_track_conversation_load() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    v_old_counted boolean := false;
    v_new_counted boolean := false;
    v_new_first boolean := false;
BEGIN
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
        INSERT INTO conversation_loads AS l (serving_agent_id, department_id, channel, state, conversations)
        VALUES (NEW.serving_agent_id, NEW.department_id, NEW.channel, NEW.state, 1)
        ON CONFLICT (serving_agent_id, department_id, channel, state) DO UPDATE SET conversations = l.conversations + 1;
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
        INSERT INTO conversation_loads AS l (serving_agent_id, department_id, channel, state, conversations)
        VALUES (NEW.serving_agent_id, NEW.department_id, NEW.channel, NEW.state, 1)
        ON CONFLICT (serving_agent_id, department_id, channel, state) DO UPDATE SET conversations = l.conversations + 1;
    END IF;

    RETURN NULL;
END
$$;

CREATE TRIGGER conversations_track_load_insert_delete
    AFTER INSERT OR DELETE ON conversations
    FOR EACH ROW EXECUTE FUNCTION omnichannel_track_conversation_load();

-- Most writes (messages, tags, notes) keep the agent, department, channel and state: the trigger does not even run.
CREATE TRIGGER conversations_track_load_update
    AFTER UPDATE ON conversations
    FOR EACH ROW
    WHEN ((OLD.serving_agent_id, OLD.department_id, OLD.channel, OLD.state) IS DISTINCT FROM (NEW.serving_agent_id, NEW.department_id, NEW.channel, NEW.state))
    EXECUTE FUNCTION omnichannel_track_conversation_load();

-- The body of schema 5's function with the claim reading the counters (same arguments, outcomes and order of checks).
-- The counters hold this conversation as stored; the claim counts the agent's other conversations, as before.
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
    v_contact_id text;
    v_department_id text;
    v_channel text;
    v_state text;
    v_serving_agent_id text;
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
        -- COMMITTED the counters read below then include it. Advisory, so agents need no row in this database.
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

    SELECT c.version, c.contact_id, c.department_id, c.channel, c.state, c.serving_agent_id, c.message_count
      INTO out_version, v_contact_id, v_department_id, v_channel, v_state, v_serving_agent_id, v_message_count
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
        -- A few rows per agent (departments x channels x states), however many conversations they serve.
        SELECT coalesce(sum(l.conversations), 0),
               coalesce(sum(l.conversations) FILTER (WHERE l.department_id = p_claim_department_id), 0),
               coalesce(sum(l.conversations) FILTER (WHERE l.channel = p_claim_channel), 0)
          INTO out_agent_load, out_department_load, out_channel_load
          FROM conversation_loads l
         WHERE l.serving_agent_id = p_claim_agent_id
           AND (l.state IN ('Taken', 'Forwarded') OR (p_count_on_hold AND l.state = 'OnHold'));
        -- This conversation as stored (its row is locked above, so the counters hold exactly that) is not counted.
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
