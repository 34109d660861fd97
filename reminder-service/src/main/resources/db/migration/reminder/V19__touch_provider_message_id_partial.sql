-- Only sent touches have a provider message id; indexing the others' nulls cost an index insert
-- per touch planned (two per order) for nothing. `provider_message_id = ?` (the callbacks' lookup)
-- implies `is not null`, so the partial index still serves it.
drop index touch_provider_message_id;
create index touch_provider_message_id on touch (provider_message_id) where provider_message_id is not null;
