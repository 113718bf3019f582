-- Omnichannel schema version 1.
-- Every table keeps the whole entity in `data` (jsonb, the shared storage codec, exact to the nanosecond) and copies
-- into real columns only what is queried, ordered or constrained. Identifiers and anything ordered by id use
-- COLLATE "C" so that order is ordinal ("c-B" before "c-a") whatever the database's default collation.
-- Instants in columns are timestamptz (microseconds); the exact values are in `data`.

CREATE TABLE conversations (
    id               text COLLATE "C" PRIMARY KEY,
    contact_id       text COLLATE "C" NOT NULL,
    department_id    text COLLATE "C" NOT NULL,
    channel          text COLLATE "C" NOT NULL,
    state            text NOT NULL CHECK (state IN ('Queued', 'Taken', 'OnHold', 'Forwarded', 'Closed')),
    serving_agent_id text COLLATE "C",
    created_at       timestamptz NOT NULL,
    message_count    integer NOT NULL CHECK (message_count >= 0),
    version          bigint NOT NULL CHECK (version > 0),
    data             jsonb NOT NULL
);

-- One open conversation per contact and department, whatever process writes.
CREATE UNIQUE INDEX conversations_one_open ON conversations (contact_id, department_id) WHERE state <> 'Closed';
-- A contact's history.
CREATE INDEX conversations_by_contact ON conversations (contact_id, created_at);
-- A department's queue (state = 'Queued') and its open conversations, oldest first.
CREATE INDEX conversations_open_by_department ON conversations (department_id, state, created_at) WHERE state <> 'Closed';
-- What an agent serves: capacity claims and counts, routing's reloads.
CREATE INDEX conversations_open_by_agent ON conversations (serving_agent_id, department_id) WHERE state <> 'Closed' AND serving_agent_id IS NOT NULL;

-- Each conversation's append-only message log, numbered 1, 2, 3, ... without gaps (the version check on the
-- conversation row makes the numbers unique; the primary key would refuse a duplicate anyway).
CREATE TABLE conversation_messages (
    conversation_id text COLLATE "C" NOT NULL REFERENCES conversations (id),
    sequence        integer NOT NULL CHECK (sequence > 0),
    data            jsonb NOT NULL,
    PRIMARY KEY (conversation_id, sequence)
);

CREATE TABLE outbox (
    id               text COLLATE "C" PRIMARY KEY,
    kind             text COLLATE "C" NOT NULL,
    conversation_id  text COLLATE "C" NOT NULL,
    status           text NOT NULL CHECK (status IN ('Pending', 'Delivered', 'Failed')),
    created_at       timestamptz NOT NULL,
    due_at           timestamptz NOT NULL,
    lease_expires_at timestamptz,
    version          bigint NOT NULL CHECK (version > 0),
    data             jsonb NOT NULL
);

-- Leasing: the pending job due first.
CREATE INDEX outbox_due ON outbox (due_at, id) WHERE status = 'Pending';
-- A conversation's jobs.
CREATE INDEX outbox_by_conversation ON outbox (conversation_id, created_at);

CREATE TABLE agents (
    id           text COLLATE "C" PRIMARY KEY,
    -- The user name upper-cased with .NET's invariant rules: equal keys are equal names under OrdinalIgnoreCase.
    username_key text NOT NULL,
    departments  text[] NOT NULL,
    version      bigint NOT NULL CHECK (version > 0),
    data         jsonb NOT NULL
);

CREATE INDEX agents_by_username ON agents (username_key);
CREATE INDEX agents_by_department ON agents USING gin (departments);

CREATE TABLE departments (
    id      text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0),
    data    jsonb NOT NULL
);

CREATE TABLE contacts (
    id      text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0),
    data    jsonb NOT NULL
);

CREATE TABLE canned_responses (
    id            text COLLATE "C" PRIMARY KEY,
    -- The shortcut upper-cased with .NET's invariant rules: shortcuts are unique ignoring letter case.
    shortcut_key  text COLLATE "C" NOT NULL,
    scope         text NOT NULL CHECK (scope IN ('Public', 'Department', 'Private')),
    department_id text COLLATE "C",
    owner_id      text COLLATE "C",
    version       bigint NOT NULL CHECK (version > 0),
    data          jsonb NOT NULL
);

CREATE UNIQUE INDEX canned_responses_shortcut ON canned_responses (shortcut_key);
CREATE INDEX canned_responses_by_department ON canned_responses (department_id) WHERE scope = 'Department';
CREATE INDEX canned_responses_by_owner ON canned_responses (owner_id) WHERE scope = 'Private';

-- Each conversation's latest call.
CREATE TABLE calls (
    conversation_id text COLLATE "C" PRIMARY KEY,
    version         bigint NOT NULL CHECK (version > 0),
    data            jsonb NOT NULL
);

-- A contact's first message: stores the conversation and its first messages unless the contact already has an open
-- conversation in the department, which it returns instead (out_created = false, nothing written). One round trip;
-- concurrent first messages wait on the unique index conversations_one_open and then find the winner's conversation.
-- A clash of identifiers (the candidate's id is stored) raises unique_violation on conversations_pkey.
CREATE FUNCTION omnichannel_create_conversation(
    p_id text, p_contact_id text, p_department_id text, p_channel text, p_state text, p_serving_agent_id text,
    p_created_at timestamptz, p_message_count integer, p_data jsonb, p_messages jsonb[],
    OUT out_created boolean, OUT out_version bigint, OUT out_data jsonb)
LANGUAGE plpgsql AS $$
BEGIN
    LOOP
        INSERT INTO conversations (id, contact_id, department_id, channel, state, serving_agent_id, created_at, message_count, version, data)
        VALUES (p_id, p_contact_id, p_department_id, p_channel, p_state, p_serving_agent_id, p_created_at, p_message_count, 1, p_data)
        ON CONFLICT (contact_id, department_id) WHERE state <> 'Closed' DO NOTHING;
        IF FOUND THEN
            INSERT INTO conversation_messages (conversation_id, sequence, data)
            SELECT p_id, m.ordinality, m.message FROM unnest(p_messages) WITH ORDINALITY AS m (message, ordinality);
            out_created := true;
            out_version := 1;
            RETURN;
        END IF;

        out_created := false;
        SELECT c.version, c.data INTO out_version, out_data FROM conversations c
         WHERE c.contact_id = p_contact_id AND c.department_id = p_department_id AND c.state <> 'Closed';
        IF FOUND THEN
            RETURN;
        END IF;
        -- The open conversation closed between the insert and the read: try again.
    END LOOP;
END
$$;

-- One conversation change, all or nothing, in one round trip (docs/architecture.md): serialize claims on the agent,
-- lock the row and check the version, check the appended messages continue the log, check the contact's open slot
-- in the department, count the agent's load, then write the row, its messages and its outbox jobs.
-- out_outcome: 0 stored (out_version = the new version), 1 version conflict (out_version = stored version, 0 when
-- absent), 2 contact changed, 3 messages do not continue the log (out_agent_load = stored message count),
-- 4 no capacity (the loads), 5 the contact has another open conversation in the department.
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
    OUT out_outcome integer, OUT out_version bigint, OUT out_agent_load integer, OUT out_department_load integer, OUT out_channel_load integer)
LANGUAGE plpgsql AS $$
DECLARE
    v_contact_id text;
    v_department_id text;
    v_state text;
    v_message_count integer;
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

    out_outcome := 0;
    out_version := out_version + 1;
END
$$;
