-- A Twilio account belongs to one shop. When several shops could store one account SID, each with
-- a token of its choice, a webhook naming that SID was accepted under any of their tokens, so one
-- shop could sign STOP/START for another's buyers. Where shops share a SID today, the earliest
-- stored row keeps it and the others are removed (those shops send through the deployment's account
-- again and must register an account of their own). SIDs are compared without case: Twilio's are
-- lowercase hex, and an upper-case copy must not pass for another account.
delete from shop_twilio_account a
using shop_twilio_account b
where lower(a.account_sid) = lower(b.account_sid)
  and (b.updated_at, b.shop_id) < (a.updated_at, a.shop_id);

drop index shop_twilio_account_by_sid;
create unique index shop_twilio_account_sid_unique on shop_twilio_account (lower(account_sid));
