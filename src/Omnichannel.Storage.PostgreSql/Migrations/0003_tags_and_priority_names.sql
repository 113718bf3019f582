-- Managed tags, offered per department or globally.
CREATE TABLE tags (
    id      text COLLATE "C" PRIMARY KEY,
    version bigint NOT NULL CHECK (version > 0),
    data    jsonb NOT NULL
);

-- ConversationPriority became a configurable name: null for none, else the name. The former enum was stored by name
-- ("None", "High") and could be read from its numbers; both become the new form.
UPDATE conversations SET data = jsonb_set(data, '{priority}', 'null'::jsonb)
WHERE data->'priority' IN ('"None"'::jsonb, '0'::jsonb);
UPDATE conversations SET data = jsonb_set(data, '{priority}', to_jsonb((ARRAY['Highest', 'High', 'Medium', 'Low', 'Lowest'])[(data->>'priority')::int]))
WHERE jsonb_typeof(data->'priority') = 'number' AND (data->>'priority')::numeric IN (1, 2, 3, 4, 5);
