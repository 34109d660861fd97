-- Experiments decide (dev.cuifu.reminder.experiment): the winner the always-valid rule named first,
-- stored once with its evidence; optionally acted on (auto-apply: the winner pinned, the holdout
-- lowered to the decay share); and every change to an experiment, in order.

-- auto_apply: pin the recorded winner and set holdout_share to decay_holdout_share
alter table experiment
    add column auto_apply          boolean not null default false,
    add column decay_holdout_share double precision check (decay_holdout_share >= 0 and decay_holdout_share <= 0.5);

-- one decision per experiment: the primary key makes recording it idempotent across instances
-- (insert ... on conflict do nothing), never a check-then-insert race
create table experiment_decision (
    experiment_id bigint      primary key references experiment (experiment_id),
    winner        text        not null,
    decided_at    timestamptz not null,
    evidence      jsonb       not null,
    applied       boolean     not null default false
);

-- change: CREATED, ARM_PINNED, ARM_RETIRED, WINNER_RECORDED, AUTO_APPLIED, STOPPED;
-- actor: API (the shop's call) or RULE (the winner rule, on a stats read or the periodic check).
-- Also the outbox of ExperimentEvents: written in the transaction of the change, published by a
-- relay that sets sent_at (event_id: the consumers' dedup key). Rows stay: they are the history.
create table experiment_history (
    history_id    bigint generated always as identity primary key,
    experiment_id bigint      not null references experiment (experiment_id),
    at            timestamptz not null,
    change        text        not null,
    actor         text        not null check (actor in ('API', 'RULE')),
    detail        text,
    event_id      text        not null unique,
    sent_at       timestamptz
);

create index experiment_history_experiment on experiment_history (experiment_id, history_id);
create index experiment_history_unsent on experiment_history (history_id) where sent_at is null;
