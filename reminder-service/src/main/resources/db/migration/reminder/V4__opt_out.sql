-- Buyers who asked a shop to stop contacting them on a channel ("do not annoy": final until they
-- opt back in, which deletes the row). Phones are E.164; the "C" collation keeps ordering and the
-- keyset cursor (phone > :after) byte-wise and identical on every server.
create table opt_out (
    shop_id    text        not null,
    channel    text        not null check (channel in ('SMS', 'CHAT', 'PHONE')),
    phone      text        collate "C" not null check (phone ~ '^\+[1-9][0-9]{1,14}$'),
    source     text        not null check (source <> ''),
    reason     text,
    created_at timestamptz not null,
    primary key (shop_id, channel, phone)
);

-- Listing every channel of a shop pages by phone.
create index opt_out_shop_phone on opt_out (shop_id, phone, channel);
