-- The script library (dev.cuifu.reminder.script): a shop's reminder wordings per channel and
-- language. Editing a script adds a version and never rewrites one, so a touch sent with an older
-- wording can always be traced to it; retiring keeps every version.
create table script (
    script_id       bigint generated always as identity primary key,
    shop_id         text        not null,
    name            text        not null,
    channel         text        not null check (channel in ('SMS', 'CHAT', 'PHONE_TALKING_POINTS')),
    locale          text        not null check (locale in ('zh-CN', 'en')),
    current_version integer     not null check (current_version > 0),
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    retired_at      timestamptz
);

-- dispatch asks for the newest active script of a shop, channel and language
create index script_active on script (shop_id, channel, locale, updated_at desc) where retired_at is null;

create table script_version (
    script_id  bigint      not null references script (script_id),
    version    integer     not null check (version > 0),
    text       text        not null,
    created_at timestamptz not null,
    primary key (script_id, version)
);

-- A shop's choices for its scripts; a shop without a row uses cuifu.reminder.scripts.*.
create table script_settings (
    shop_id          text        primary key,
    locale           text        not null check (locale in ('zh-CN', 'en')),
    sms_max_segments integer     not null check (sms_max_segments between 1 and 10),
    payment_link     text,
    updated_at       timestamptz not null
);
