-- One secret, one shop. The store a webhook names (X-Shopify-Shop-Domain, X-WC-Webhook-Source, a TMC
-- message's user_nick as the relay passes it) is not covered by the signature, so two stores
-- connected with one secret (one Shopify app's client secret, say) could each be passed off as the
-- other by whoever holds the secret or a captured delivery. Each secret now verifies for one
-- connection only: a unique index on its SHA-256 (the secret itself stays in clear, as V4 explains)
-- decides between operators who connect the same secret at once, race-free.
ALTER TABLE platform_connection ADD COLUMN secret_sha256 text;

UPDATE platform_connection SET secret_sha256 = encode(sha256(convert_to(secret, 'UTF8')), 'hex');

-- Connections made before the rule that share a secret: the first connected keeps it, as the rule
-- would have decided; the later ones are disconnected (their webhooks are answered 401 until the
-- operator connects the store again with a secret of its own).
DELETE FROM platform_connection later
USING platform_connection earlier
WHERE later.secret_sha256 = earlier.secret_sha256
  AND (earlier.created_at, earlier.shop_id, earlier.platform) < (later.created_at, later.shop_id, later.platform);

ALTER TABLE platform_connection
    ALTER COLUMN secret_sha256 SET NOT NULL,
    ADD CONSTRAINT platform_connection_secret_unique UNIQUE (secret_sha256);
