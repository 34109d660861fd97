-- Rotation with an overlap: revoked_at is the moment a key stops working, which may lie in the
-- future (the old key keeps working while the shop switches). retired_published_at records that
-- the shops topic was told, so the key also stops working in reminder-service.
ALTER TABLE api_key ADD COLUMN retired_published_at timestamptz;
UPDATE api_key SET retired_published_at = revoked_at WHERE revoked_at IS NOT NULL;
CREATE INDEX api_key_retiring_idx ON api_key (revoked_at) WHERE retired_published_at IS NULL AND revoked_at IS NOT NULL;
