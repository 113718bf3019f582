-- Omnichannel schema version 9: the same value rules (a version is positive, a count is not negative, a message number
-- is positive, a state, status or scope is one of its names), checked by domains instead of table CHECK constraints.
-- Measured (session 8, callgrind, one backend): every INSERT or UPDATE read each CHECK of its table back from the
-- catalog's text form and compiled it again (stringToNode, then the planner and the executor), about 15,000
-- instructions per constraint per statement; an assignment writes three tables holding five of them, about 100,000 of
-- its ~1,050,000 instructions. A domain's constraints are compiled once per backend and kept in the type cache, and are
-- checked wherever a value is stored into the column: every INSERT, every UPDATE that assigns it, every COPY.
--
-- The columns change type without a table rewrite: a domain without constraints over the column's own type is
-- binary-compatible, so ALTER COLUMN ... TYPE keeps the rows and the indexes; the constraint added to the domain
-- afterwards scans the existing values once (it refuses the migration if one breaks the rule, which the old CHECKs
-- made impossible). Only then are the table CHECKs dropped, in the same transaction.

CREATE DOMAIN omnichannel_version AS bigint;
CREATE DOMAIN omnichannel_count AS integer;
CREATE DOMAIN omnichannel_message_number AS integer;
CREATE DOMAIN omnichannel_conversation_state AS text;
CREATE DOMAIN omnichannel_outbox_status AS text;
CREATE DOMAIN omnichannel_canned_response_scope AS text;

-- A column named by a trigger's column list cannot change type: the load trigger is dropped and created again around it,
-- in this transaction, which holds the table's lock from the DROP on (no write can pass in between).
DROP TRIGGER conversations_track_load_update ON conversations;
ALTER TABLE conversations
    ALTER COLUMN state TYPE omnichannel_conversation_state,
    ALTER COLUMN message_count TYPE omnichannel_count,
    ALTER COLUMN version TYPE omnichannel_version;
CREATE TRIGGER conversations_track_load_update
    AFTER UPDATE OF serving_agent_id, department_id, channel, state ON conversations
    FOR EACH ROW
    EXECUTE FUNCTION omnichannel_track_conversation_load();
ALTER TABLE conversation_messages ALTER COLUMN sequence TYPE omnichannel_message_number;
ALTER TABLE conversation_loads ALTER COLUMN conversations TYPE omnichannel_count;
ALTER TABLE outbox
    ALTER COLUMN status TYPE omnichannel_outbox_status,
    ALTER COLUMN version TYPE omnichannel_version;
ALTER TABLE agents ALTER COLUMN version TYPE omnichannel_version;
ALTER TABLE departments ALTER COLUMN version TYPE omnichannel_version;
ALTER TABLE contacts ALTER COLUMN version TYPE omnichannel_version;
ALTER TABLE canned_responses
    ALTER COLUMN scope TYPE omnichannel_canned_response_scope,
    ALTER COLUMN version TYPE omnichannel_version;
ALTER TABLE calls ALTER COLUMN version TYPE omnichannel_version;
ALTER TABLE tags ALTER COLUMN version TYPE omnichannel_version;

ALTER DOMAIN omnichannel_version ADD CONSTRAINT omnichannel_version_positive CHECK (VALUE > 0);
ALTER DOMAIN omnichannel_count ADD CONSTRAINT omnichannel_count_not_negative CHECK (VALUE >= 0);
ALTER DOMAIN omnichannel_message_number ADD CONSTRAINT omnichannel_message_number_positive CHECK (VALUE > 0);
ALTER DOMAIN omnichannel_conversation_state ADD CONSTRAINT omnichannel_conversation_state_name
    CHECK (VALUE IN ('Queued', 'Taken', 'OnHold', 'Forwarded', 'Closed'));
ALTER DOMAIN omnichannel_outbox_status ADD CONSTRAINT omnichannel_outbox_status_name
    CHECK (VALUE IN ('Pending', 'Delivered', 'Failed'));
ALTER DOMAIN omnichannel_canned_response_scope ADD CONSTRAINT omnichannel_canned_response_scope_name
    CHECK (VALUE IN ('Public', 'Department', 'Private'));

ALTER TABLE conversations
    DROP CONSTRAINT conversations_state_check,
    DROP CONSTRAINT conversations_message_count_check,
    DROP CONSTRAINT conversations_version_check;
ALTER TABLE conversation_messages DROP CONSTRAINT conversation_messages_sequence_check;
ALTER TABLE conversation_loads DROP CONSTRAINT conversation_loads_conversations_check;
ALTER TABLE outbox DROP CONSTRAINT outbox_status_check, DROP CONSTRAINT outbox_version_check;
ALTER TABLE agents DROP CONSTRAINT agents_version_check;
ALTER TABLE departments DROP CONSTRAINT departments_version_check;
ALTER TABLE contacts DROP CONSTRAINT contacts_version_check;
ALTER TABLE canned_responses DROP CONSTRAINT canned_responses_scope_check, DROP CONSTRAINT canned_responses_version_check;
ALTER TABLE calls DROP CONSTRAINT calls_version_check;
ALTER TABLE tags DROP CONSTRAINT tags_version_check;
