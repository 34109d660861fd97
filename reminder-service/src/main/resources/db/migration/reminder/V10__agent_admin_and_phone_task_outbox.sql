-- A shop admin disables an agent (kept for the record, no longer able to sign in).
alter table agent add column disabled_at timestamptz;

-- Phone-task events for external call-centre tools (a transactional outbox): written in the same
-- transaction as the task change, published to Kafka by a clustered Quartz job, then marked sent.
-- A crash between commit and publish only delays the event; the relay never loses one.
create table phone_task_outbox (
    outbox_id  bigint generated always as identity primary key,
    event_id   text        not null unique,
    event_type text        not null,
    record_key text        not null,
    payload    text        not null,
    created_at timestamptz not null,
    sent_at    timestamptz
);

-- What the relay reads: unsent events in the order they were written.
create index phone_task_outbox_unsent on phone_task_outbox (outbox_id) where sent_at is null;
