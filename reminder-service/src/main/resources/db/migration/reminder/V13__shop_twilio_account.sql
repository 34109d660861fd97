-- A shop's own Twilio account (instead of the deployment's): its SMS and WhatsApp messages are sent
-- with it, and Twilio's webhooks naming it are verified with its auth token. Kept in clear because
-- the SDK and the signature check need it; the API never returns it.
create table shop_twilio_account (
    shop_id             text        primary key,
    account_sid         text        not null check (account_sid ~ '^AC[0-9a-fA-F]{32}$'),
    auth_token          text        not null check (auth_token <> ''),
    status_callback_url text,
    updated_at          timestamptz not null
);

-- webhooks find the token by the AccountSid Twilio names
create index shop_twilio_account_by_sid on shop_twilio_account (account_sid);
