-- The touch -> order foreign key cost more than the rest of planning together: PostgreSQL checks it
-- per inserted row through a cached plan made when buyer_order was small (a sequential scan that
-- grows with the table until the next analyze: 0.2 s -> 2.5 s per batch of 1,000 touches in the
-- benchmark, docs/benchmarks.md). Touches are only ever planned from their order's row written in
-- the same transaction (TouchPlanner), and nothing deletes orders, so the invariant holds in code.
alter table touch drop constraint touch_shop_id_order_id_fkey;
