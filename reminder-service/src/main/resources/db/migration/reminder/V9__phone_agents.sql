-- Phone agents: a shop's staff who work its phone-task queue, signing in with HTTP Basic.
-- The username is global (it is the login); the shop comes from the row, never from the request.
create table agent (
    username      text        primary key,
    shop_id       text        not null,
    display_name  text        not null,
    password_hash text        not null,
    role          text        not null check (role in ('AGENT', 'SHOP_ADMIN')),
    created_at    timestamptz not null
);

create index agent_shop on agent (shop_id);

-- Claiming and completing phone tasks. A task is OPEN (waiting, or re-queued for a call back at
-- call_back_at), CLAIMED by one agent until claim_until (after which another may take it over),
-- or CLOSED (order paid or closed, or an agent's final outcome).
alter table phone_task
    add column claimed_by   text,
    add column claim_until  timestamptz,
    add column outcome      text,
    add column loss_reason  text,
    add column note         text,
    add column call_back_at timestamptz;

alter table phone_task drop constraint phone_task_state_check;
alter table phone_task add constraint phone_task_state_check check (state in ('OPEN', 'CLAIMED', 'CLOSED'));
alter table phone_task add constraint phone_task_claim_check
    check (state <> 'CLAIMED' or (claimed_by is not null and claim_until is not null));

-- What agents see: a shop's tasks that are open or whose claim may have expired.
create index phone_task_agent_queue on phone_task (shop_id, priority desc, created_at) where state in ('OPEN', 'CLAIMED');
