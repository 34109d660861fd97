-- The SHA-256 (hex) of an accepted event's content (as published), so that an event id reused with
-- different content is refused (409) instead of being answered "duplicate" and dropped. Events
-- accepted before this column existed have none and are taken as the same content.
ALTER TABLE accepted_event ADD COLUMN content_sha256 text;
