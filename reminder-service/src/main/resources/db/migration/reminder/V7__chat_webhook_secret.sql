-- Each shop's secret for signing chat webhook deliveries (HMAC-SHA256, see WebhookSignature).
-- Kept in clear because signing needs it; created on first use, replaced on rotation.
create table chat_webhook_secret (
    shop_id    text        primary key,
    secret     text        not null check (secret <> ''),
    created_at timestamptz not null
);
