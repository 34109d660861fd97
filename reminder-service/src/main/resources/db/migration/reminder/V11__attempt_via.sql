-- How a touch's current attempt went out when its channel does not say: 'WHATSAPP' for a chat
-- touch sent through Twilio (null: the channel's own way — SMS through Twilio, chat through the
-- shop's webhook). Lease recovery reads it: a WhatsApp attempt is reconciled by asking Twilio,
-- never resent blindly, while a webhook delivery may be repeated under the same delivery id.
alter table touch add column attempt_via text;
