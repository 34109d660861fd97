-- Experiments (dev.cuifu.reminder.experiment): per shop and tier, arms of scripts crossed with an
-- optional delay, and a holdout that gets no touch at the tier. A touch records the experiment and
-- arm it was planned under; a held-out order is recorded in experiment_holdout instead of a touch,
-- with the time its touch would have been due, so attribution can count it.
create table experiment (
    experiment_id      bigint generated always as identity primary key,
    shop_id            text             not null,
    tier               smallint         not null check (tier in (1, 2)),
    name               text             not null,
    seed               bigint           not null,
    holdout_share      double precision not null check (holdout_share >= 0 and holdout_share < 1),
    min_sample_per_arm integer          not null check (min_sample_per_arm > 0),
    started_at         timestamptz      not null,
    stopped_at         timestamptz
);

-- at most one running experiment per shop and tier (the API answers 409 otherwise)
create unique index experiment_running on experiment (shop_id, tier) where stopped_at is null;

create table experiment_arm (
    experiment_id bigint  not null references experiment (experiment_id),
    arm_id        text    not null,
    position      integer not null,
    script_id     bigint  not null references script (script_id),
    delay_seconds bigint  check (delay_seconds > 0),
    state         text    not null check (state in ('ACTIVE', 'PINNED', 'RETIRED')),
    primary key (experiment_id, arm_id)
);

create table experiment_holdout (
    experiment_id bigint      not null references experiment (experiment_id),
    shop_id       text        not null,
    order_id      text        not null,
    tier          smallint    not null,
    would_due_at  timestamptz not null,
    assigned_at   timestamptz not null,
    primary key (experiment_id, shop_id, order_id),
    foreign key (shop_id, order_id) references buyer_order (shop_id, order_id)
);

-- experiment_id, experiment_arm: the arm the touch was planned under (its script is the arm's);
-- script_id, script_version: once rendered, the script and version the text came from (null:
-- Cuifu's default wording).
alter table touch
    add column experiment_id  bigint references experiment (experiment_id),
    add column experiment_arm text,
    add column script_id      bigint references script (script_id),
    add column script_version integer;

create index touch_experiment on touch (experiment_id, experiment_arm) where experiment_id is not null;

-- what one SMS segment costs the shop (minor units, may be fractional: 0.79 US cents)
alter table script_settings
    add column sms_segment_price_minor    numeric(14, 4) check (sms_segment_price_minor >= 0),
    add column sms_segment_price_currency text check (sms_segment_price_currency ~ '^[A-Z]{3}$');
