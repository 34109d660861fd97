-- Delivery as Twilio reports it through status callbacks (POST /twilio/status). Statuses only move
-- forward (queued < sending < sent < delivered; undelivered/failed are final); merged touches share
-- one provider_message_id and are updated together.
alter table touch
    add column delivery_status     text,
    add column delivery_error_code integer,
    add column delivery_updated_at timestamptz;

-- A callback finds its touches by the provider's message SID.
create index touch_provider_message_id on touch (provider_message_id);
