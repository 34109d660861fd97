-- The reminder policy of each shop that changed it (dev.cuifu.reminder.policy.ShopPolicy as JSON);
-- a shop without a row follows the defaults (cuifu.reminder.policy.*) seeded from its shop row.
create table shop_policy (
    shop_id    text        primary key,
    policy     jsonb       not null,
    version    integer     not null check (version > 0),
    updated_at timestamptz not null
);
