-- Every decision about a touch, with its reason: the order timeline reads this.
create table touch_decision (
    decision_id bigint generated always as identity primary key,
    shop_id     text        not null,
    order_id    text        not null,
    touch_id    bigint,
    tier        smallint,
    channel     text,
    decision    text        not null,
    reason      text,
    decided_at  timestamptz not null
);
create index touch_decision_order on touch_decision (shop_id, order_id, decided_at);

-- When each event happened, for the timeline (existing rows keep null).
alter table processed_event add column occurred_at timestamptz;
alter table processed_event add column order_id text;
create index processed_event_order on processed_event (shop_id, order_id);

-- Before a provider call the dispatcher commits the exact body and when the attempt began, so
-- that after a crash recovery can ask the provider whether that message exists (never resend blindly).
alter table touch add column attempt_started_at timestamptz;
-- A touch whose order was named in another touch's message (several orders, one message).
alter table touch add column merged_into bigint references touch (touch_id);
alter table touch drop constraint touch_state_check;
alter table touch add constraint touch_state_check
    check (state in ('PLANNED', 'SENDING', 'SENT', 'FAILED', 'CANCELLED', 'EXPIRED', 'SKIPPED'));

-- Set when a stock check said the ordered item is gone: the shop should look at it.
alter table buyer_order add column stock_problem boolean not null default false;

-- Paid orders per buyer and shop ("returning buyer"), from OrderPaid events and from imports.
create table buyer_history (
    shop_id             text        not null,
    buyer_id            text        not null,
    paid_orders         integer     not null default 0,
    imported_paid_orders integer    not null default 0,
    last_paid_at        timestamptz,
    updated_at          timestamptz not null,
    primary key (shop_id, buyer_id)
);

-- Which paid orders have been counted, so a late OrderCreated after OrderPaid counts once.
alter table buyer_order add column counted_in_history boolean not null default false;

-- The frequency cap and merging look up a buyer's other orders by phone.
create index buyer_order_by_phone on buyer_order (shop_id, buyer_phone);
