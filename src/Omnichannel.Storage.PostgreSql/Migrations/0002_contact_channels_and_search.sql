-- Contacts found by any of their channels and searched by name, email or phone (Omnichannel.Storage.ContactSearchKeys
-- computes the keys; the store writes them with the contact in one statement).
ALTER TABLE contacts
    ADD COLUMN sort_key     text COLLATE "C" NOT NULL DEFAULT '',
    ADD COLUMN channel_keys text[] NOT NULL DEFAULT '{}',
    ADD COLUMN search_keys  text[] NOT NULL DEFAULT '{}';

CREATE INDEX contacts_by_channel ON contacts USING gin (channel_keys);
CREATE INDEX contacts_by_sort_key ON contacts (sort_key, id);

-- One row per search key of a contact: a prefix search is a range of this primary key ("C" collation: code-point order).
CREATE TABLE contact_search (
    search_key text COLLATE "C" NOT NULL,
    contact_id text COLLATE "C" NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    PRIMARY KEY (search_key, contact_id)
);
CREATE INDEX contact_search_by_contact ON contact_search (contact_id);

-- Kept in step with contacts.search_keys by the database, in the statement that writes the contact.
CREATE FUNCTION contacts_sync_search() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        IF NEW.search_keys = OLD.search_keys THEN
            RETURN NULL;
        END IF;
        DELETE FROM contact_search WHERE contact_id = NEW.id;
    END IF;
    INSERT INTO contact_search (search_key, contact_id)
        SELECT DISTINCT k, NEW.id FROM unnest(NEW.search_keys) AS k
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER contacts_search_keys AFTER INSERT OR UPDATE OF search_keys ON contacts
    FOR EACH ROW EXECUTE FUNCTION contacts_sync_search();

-- Contacts stored before this version: their whole name and email addresses become search keys now (upper-cased by
-- the database); the words of their names and their phone digits once they are saved again.
UPDATE contacts SET
    sort_key = upper(btrim(data->>'name')),
    search_keys = ARRAY(
        SELECT DISTINCT k FROM (
            SELECT upper(btrim(data->>'name')) AS k
            UNION ALL SELECT upper(btrim(e)) FROM jsonb_array_elements_text(COALESCE(data->'emails', '[]'::jsonb)) AS e
        ) keys WHERE k <> '');
