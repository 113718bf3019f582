-- The agent's views: the contact center's list of all chats pages newest first, across departments (an
-- administrator's scope) or within one (closed conversations included).
CREATE INDEX conversations_by_created ON conversations (created_at, id);
CREATE INDEX conversations_by_department_created ON conversations (department_id, created_at, id);
