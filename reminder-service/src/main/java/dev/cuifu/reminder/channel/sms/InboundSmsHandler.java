package dev.cuifu.reminder.channel.sms;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.ops.Timestamps;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A buyer's reply to our SMS: STOP-like keywords opt the sender's number out of SMS for every shop
 * that sends from the number (or Messaging Service) the reply went to; START-like keywords opt it
 * back in. A reply over WhatsApp ({@code From: whatsapp:+…}) does the same for the chat tier of the
 * shops whose chat goes over WhatsApp from that sender. Only shops sending through the Twilio account
 * the reply came from are affected. A keyword is acted on once per {@code MessageSid}: the same
 * message posted again (a replay) changes nothing. Any other text is ignored. Logs never show
 * the number or the text.
 */
@Service
class InboundSmsHandler {

  /** The whole body (trimmed, any case) must be one of these. {@code 退订}/{@code TD}/{@code T}: China. */
  static final Set<String> STOP_WORDS = Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "退订", "TD", "T");

  static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");

  static final String METRIC = "cuifu.sms.inbound";

  /** What an inbound message did. */
  enum Action {
    OPTED_OUT,
    OPTED_IN,
    IGNORED,
    /** A message already acted on (same {@code MessageSid}), posted again: nothing changes. */
    REPLAYED
  }

  private static final Logger log = LoggerFactory.getLogger(InboundSmsHandler.class);

  private final JdbcClient jdbc;
  private final OptOutRegistry optOuts;
  private final MeterRegistry meters;
  private final TwilioAccounts accounts;
  private final Clock clock;
  private final Duration replayRetention;

  InboundSmsHandler(
      JdbcClient jdbc,
      OptOutRegistry optOuts,
      MeterRegistry meters,
      TwilioAccounts accounts,
      Clock clock,
      TwilioWebhookProperties webhooks) {
    this.accounts = accounts;
    this.clock = clock;
    this.replayRetention = webhooks.inboundReplayRetention();
    this.jdbc = jdbc;
    this.optOuts = optOuts;
    this.meters = meters;
  }

  /**
   * @param accountSid the Twilio account the reply came through (verified)
   * @param messageSid Twilio's {@code MessageSid}: a keyword is acted on once per SID (a request
   *     without one, which Twilio never sends, is acted on)
   * @param from the buyer's number (Twilio's {@code From})
   * @param to our number the reply went to (Twilio's {@code To})
   * @param messagingServiceSid the Messaging Service it went through, may be null
   * @param body the text
   */
  @Transactional
  Action handle(String accountSid, String messageSid, String from, String to, String messagingServiceSid, String body) {
    Action action = classify(body);
    if (action == Action.IGNORED) {
      count(action);
      log.info("inbound sms ignored: not a STOP or START keyword");
      return action;
    }
    // a WhatsApp reply opts out of (or back into) the chat tier that WhatsApp carries
    Channel channel = WhatsAppAddress.isWhatsApp(from) ? Channel.CHAT : Channel.SMS;
    from = WhatsAppAddress.number(from);
    if (!PhoneNumbers.isValid(from)) {
      count(Action.IGNORED);
      log.info("inbound sms {} ignored: sender is not a valid international number", action);
      return Action.IGNORED;
    }
    List<String> shops = channel == Channel.CHAT
            ? shopsSendingWhatsAppFrom(accountSid, to, messagingServiceSid)
            : shopsSendingFrom(accountSid, to, messagingServiceSid);
    if (shops.isEmpty()) {
      count(Action.IGNORED);
      log.info("inbound sms {} from {} ignored: no shop sends from that number or service", action, PhoneNumbers.mask(from));
      return Action.IGNORED;
    }
    if (!firstTime(messageSid)) {
      count(Action.REPLAYED);
      log.warn("inbound sms {} {} from {} ignored: that message was already acted on (replayed)", action, messageSid, PhoneNumbers.mask(from));
      return Action.REPLAYED;
    }
    for (String shopId : shops) {
      if (action == Action.OPTED_OUT) {
        optOuts.optOut(shopId, channel, from, OptOutRegistry.SOURCE_STOP, "buyer replied with a stop keyword");
      } else {
        optOuts.optIn(shopId, channel, from);
      }
    }
    count(action);
    log.info("inbound {} from {}: {} for shops {}", channel, PhoneNumbers.mask(from), action, shops);
    return action;
  }

  static Action classify(String body) {
    if (body == null) {
      return Action.IGNORED;
    }
    String word = body.strip().toUpperCase(Locale.ROOT);
    if (STOP_WORDS.contains(word)) {
      return Action.OPTED_OUT;
    }
    if (START_WORDS.contains(word)) {
      return Action.OPTED_IN;
    }
    return Action.IGNORED;
  }

  /**
   * The shops whose SMS sender is one of these: the stored policy's {@code sms.from} when the shop
   * has one, else the replica's {@code sms_from} (where the default policy takes it from) — among
   * the shops on this Twilio account.
   */
  List<String> shopsSendingFrom(String accountSid, String to, String messagingServiceSid) {
    String[] senders = senders(to, messagingServiceSid);
    if (senders.length == 0) {
      return List.of();
    }
    return jdbc.sql(
            """
            select s.shop_id
            from shop s left join shop_policy p on p.shop_id = s.shop_id
              left join shop_twilio_account a on a.shop_id = s.shop_id
            where coalesce(p.policy -> 'sms' ->> 'from', s.sms_from) = any (?)
              and coalesce(a.account_sid, ?) = ?
            order by s.shop_id
            """)
        .param(senders)
        .param(accounts.deploymentAccountSid())
        .param(accountSid)
        .query(String.class)
        .list();
  }

  /**
   * The shops on this Twilio account whose chat goes over WhatsApp from this sender ({@code
   * whatsapp:+…}) or Messaging Service.
   */
  List<String> shopsSendingWhatsAppFrom(String accountSid, String to, String messagingServiceSid) {
    String[] senders = senders(to, messagingServiceSid);
    if (senders.length == 0) {
      return List.of();
    }
    return jdbc.sql(
            """
            select p.shop_id from shop_policy p left join shop_twilio_account a on a.shop_id = p.shop_id
            where p.policy -> 'chat' ->> 'transport' = 'WHATSAPP' and p.policy -> 'chat' ->> 'whatsappFrom' = any (?)
              and coalesce(a.account_sid, ?) = ?
            order by p.shop_id
            """)
        .param(senders)
        .param(accounts.deploymentAccountSid())
        .param(accountSid)
        .query(String.class)
        .list();
  }

  /**
   * Records the message's SID; false when it was recorded before. Forgets SIDs past the retention
   * on the way (few rows: only STOP/START keywords are recorded).
   */
  private boolean firstTime(String messageSid) {
    if (messageSid == null || messageSid.isBlank()) {
      return true;
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    jdbc.sql("delete from twilio_inbound_message where received_at < ?").param(Timestamps.toDb(now.minus(replayRetention))).update();
    return jdbc.sql("insert into twilio_inbound_message (message_sid, received_at) values (?, ?) on conflict do nothing")
            .params(messageSid.strip(), Timestamps.toDb(now))
            .update()
        == 1;
  }

  private static String[] senders(String to, String messagingServiceSid) {
    return Stream.of(to, messagingServiceSid).filter(Objects::nonNull).map(String::strip).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  private void count(Action action) {
    meters.counter(METRIC, "action", action.name()).increment();
  }
}
