-- The region (ISO 3166 alpha-2) a shop's buyer numbers without + are read in, replicated from
-- order-ingest's ShopUpdated; null when the shop sends E.164 only (and for records older than it).
alter table shop add column phone_region text;
