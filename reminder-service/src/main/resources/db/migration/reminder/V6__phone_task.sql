-- The phone agents' work queue: one task per planned PHONE touch (returning buyers, high-value
-- orders, orders with a buyer note). OPEN until the order is paid or closed (or an agent is done).
create table phone_task (
    task_id      bigint generated always as identity primary key,
    touch_id     bigint      not null unique references touch (touch_id),
    shop_id      text        not null,
    order_id     text        not null,
    priority     integer     not null,
    state        text        not null check (state in ('OPEN', 'CLOSED')),
    reason       text,
    created_at   timestamptz not null,
    closed_at    timestamptz,
    close_reason text
);

-- The queue as agents read it: a shop's open tasks, highest priority first, then oldest.
create index phone_task_queue on phone_task (shop_id, priority desc, created_at) where state = 'OPEN';
-- Closing an order's tasks when it is paid or closed.
create index phone_task_order on phone_task (shop_id, order_id);
