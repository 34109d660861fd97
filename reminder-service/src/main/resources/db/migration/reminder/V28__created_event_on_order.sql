-- An order's created event is recorded on the order's own row (created_event_id, when it was
-- applied) instead of a processed_event row of its own: one row and two index entries fewer per
-- order on planning's hot path. A redelivered created event is recognised by that id. Payments and
-- closes, which may come before the order, stay in processed_event; applied_event lists both.
alter table buyer_order
    add column created_event_id text,
    add column created_applied_at timestamptz;

-- orders planned before: their latest created event moves onto the row
update buyer_order o set created_event_id = p.event_id, created_applied_at = p.processed_at
from (
    select distinct on (shop_id, order_id) shop_id, order_id, event_id, processed_at
    from processed_event
    where event_type = 'OrderCreated' and order_id is not null
    order by shop_id, order_id, processed_at desc, event_id
) p
where o.shop_id = p.shop_id and o.order_id = p.order_id;

delete from processed_event p
using buyer_order o
where p.event_type = 'OrderCreated' and o.shop_id = p.shop_id and o.order_id = p.order_id
  and o.created_event_id = p.event_id;

-- every applied event, wherever it is recorded (an order's timeline, tests)
create view applied_event as
select shop_id, event_id, event_type, processed_at, occurred_at, order_id
from processed_event
union all
select shop_id, created_event_id, 'OrderCreated', created_applied_at, created_at, order_id
from buyer_order
where created_event_id is not null;
