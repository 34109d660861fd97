-- Inbound STOP/START messages already acted on, by Twilio's MessageSid. Twilio's signature has no
-- timestamp, so a captured signed START could otherwise be posted again after the buyer's STOP and
-- opt them back in; a SID seen here is not acted on twice. Rows older than
-- cuifu.sms.webhooks.inbound-replay-retention are deleted as new ones arrive.
create table twilio_inbound_message (
    message_sid text        primary key,
    received_at timestamptz not null
);

create index twilio_inbound_message_by_age on twilio_inbound_message (received_at);
