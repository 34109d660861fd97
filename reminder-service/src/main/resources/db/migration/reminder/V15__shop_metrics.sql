-- Shop metrics are computed when asked (see shopmetrics.ShopMetricsRepository): a shop's orders
-- placed in a range of days, found through this index; their touches and phone tasks through the
-- (shop_id, order_id, tier) unique key and phone_task_order.
create index buyer_order_shop_created on buyer_order (shop_id, created_at);
