-- A touch's PLANNED entry on its order's timeline is read from the touch row itself instead of a
-- touch_decision row of its own: one row fewer per planned touch on planning's hot path. The row
-- already holds the entry's time (planned_at), due time (planned_due_at), tier, channel and
-- experiment arm; plan_note keeps why the due time moved or why the tier was chosen (a quiet-hours
-- move, "high value"), which state_reason loses at the touch's next state change.
-- story_from_touch marks the touches planned this way; touches planned before this migration
-- keep their PLANNED touch_decision row and are shown from it, once.
alter table touch
    add column plan_note text,
    add column story_from_touch boolean not null default false;
