-- Shops, their API keys and the event ids already accepted (the dedup ledger).
-- No schema names: Flyway runs this in the configured schema (spring.flyway.default-schema).

CREATE TABLE shop (
    shop_id           text        PRIMARY KEY,
    name              text        NOT NULL,
    sms_delay_seconds bigint      NOT NULL CHECK (sms_delay_seconds > 0),
    sms_from          text        NOT NULL,
    time_zone         text        NOT NULL,
    created_at        timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL
);

-- Only the SHA-256 (hex) of a key is stored; the key itself is shown once, at creation.
CREATE TABLE api_key (
    key_sha256 text        PRIMARY KEY,
    shop_id    text        NOT NULL REFERENCES shop (shop_id),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX api_key_shop_idx ON api_key (shop_id);

-- One row per (shop, event id) ever published: a repeated event id is accepted once.
CREATE TABLE accepted_event (
    shop_id     text        NOT NULL,
    event_id    text        NOT NULL,
    event_type  text        NOT NULL,
    accepted_at timestamptz NOT NULL,
    PRIMARY KEY (shop_id, event_id)
);
