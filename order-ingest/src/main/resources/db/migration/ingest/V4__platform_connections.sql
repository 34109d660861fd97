-- A shop's store on a commerce platform (Shopify, WooCommerce, Taobao): the platform's own name for
-- the store (a myshopify.com domain, a WooCommerce site URL, a Taobao seller nick), which webhooks
-- carry and which selects the shop, and the secret their signatures are verified with. The secret is
-- kept in clear because verifying an HMAC needs it (as reminder-service keeps chat webhook secrets);
-- the admin API never shows it, only the start of its SHA-256.
CREATE TABLE platform_connection (
    shop_id    text        NOT NULL REFERENCES shop (shop_id),
    platform   text        NOT NULL CHECK (platform IN ('shopify', 'woocommerce', 'taobao')),
    account    text        NOT NULL CHECK (account <> ''),
    secret     text        NOT NULL CHECK (secret <> ''),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (shop_id, platform),
    -- one store belongs to one Cuifu shop: its webhooks can only ever act for that shop
    CONSTRAINT platform_connection_account_unique UNIQUE (platform, account)
);
