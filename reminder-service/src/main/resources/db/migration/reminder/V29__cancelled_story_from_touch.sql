-- A touch cancelled because its order was paid or closed is its own CANCELLED entry on the order's
-- timeline (cancelled_at, with state_reason as the reason) instead of a touch_decision row of its
-- own: one row and two index entries fewer per cancelled touch on the cancel path, as V27 did for
-- PLANNED. CANCELLED is final, so neither field changes afterwards. Touches cancelled before this
-- migration, and touches cancelled at send time by the dispatcher, keep their decision row and a
-- null cancelled_at, and are shown from that row, once.
alter table touch add column cancelled_at timestamptz;
