-- reminder-service owns this schema. Timestamps are timestamptz; money is minor units + ISO currency.

-- Replica of the shops order-ingest owns, fed by the compacted shops topic.
create table shop (
    shop_id           text primary key,
    name              text        not null,
    sms_delay_seconds bigint      not null check (sms_delay_seconds > 0),
    sms_from          text        not null,
    time_zone         text        not null,
    api_key_sha256    text[]      not null,
    updated_at        timestamptz not null
);

-- Every order event applied, by the shop's event id: redelivery and duplicates are no-ops.
create table processed_event (
    shop_id      text        not null,
    event_id     text        not null,
    event_type   text        not null,
    processed_at timestamptz not null,
    primary key (shop_id, event_id)
);

-- The state of one order as far as reminders care. A row may exist before its OrderCreated
-- (paid-before-created): then created_at and the buyer fields are null.
create table buyer_order (
    shop_id           text        not null,
    order_id          text        not null,
    status            text        not null check (status in ('UNPAID', 'PAID', 'CLOSED')),
    buyer_id          text,
    buyer_phone       text,
    chat_handle       text,
    buyer_time_zone   text,
    amount_minor      bigint,
    currency          text,
    item_summary      text,
    buyer_note        text,
    talked_to_service boolean,
    created_at        timestamptz,
    payment_deadline  timestamptz,
    paid_at           timestamptz,
    paid_amount_minor bigint,
    paid_currency     text,
    closed_at         timestamptz,
    close_reason      text,
    updated_at        timestamptz not null,
    primary key (shop_id, order_id)
);

-- One row per planned reminder. PLANNED -> SENDING (claimed under a lease) -> SENT | FAILED,
-- or PLANNED -> CANCELLED (paid/closed) | EXPIRED (deadline passed before it could go out).
create table touch (
    touch_id            bigint generated always as identity primary key,
    shop_id             text        not null,
    order_id            text        not null,
    tier                smallint    not null,
    channel             text        not null check (channel in ('SMS', 'CHAT', 'PHONE')),
    due_at              timestamptz not null,
    state               text        not null check (state in ('PLANNED', 'SENDING', 'SENT', 'FAILED', 'CANCELLED', 'EXPIRED')),
    state_reason        text,
    lease_until         timestamptz,
    attempts            integer     not null default 0,
    provider_message_id text,
    body                text,
    planned_at          timestamptz not null,
    sent_at             timestamptz,
    updated_at          timestamptz not null,
    unique (shop_id, order_id, tier),
    foreign key (shop_id, order_id) references buyer_order (shop_id, order_id)
);

-- The dispatcher's claim scans only planned touches in due order.
create index touch_planned_due on touch (due_at) where state = 'PLANNED';
create index touch_sending_lease on touch (lease_until) where state = 'SENDING';
