package dev.cuifu.reminder.dispatch;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.SmsSendException;
import dev.cuifu.reminder.optout.OptOutRegistry;
import dev.cuifu.reminder.order.OrderStatus;
import dev.cuifu.reminder.plan.CancelCause;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.plan.QuietHours;
import dev.cuifu.reminder.policy.ShopPolicies;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.TouchClaims;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due touches: claim a batch (committed as SENDING before any provider call), then, per
 * buyer, re-check every rule at send time — order still unpaid and payable, buyer not opted out,
 * not in the buyer's quiet hours, under the frequency cap, items in stock — merge the buyer's
 * unpaid orders due within the cap window into one message, send it, record the outcome. Every
 * decision goes on the order's timeline with its reason.
 */
@Service
public class Dispatcher {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /** Every channel: SMS through Twilio, chat through the shop's webhook, phone as an agent task. */
  static final List<String> DISPATCHED_CHANNELS = List.of(Channel.SMS.name(), Channel.CHAT.name(), Channel.PHONE.name());

  /** Messages that count towards the frequency cap. */
  static final List<String> CAPPED_CHANNELS = List.of(Channel.SMS.name(), Channel.CHAT.name());

  /** A merged message names its orders in the order they fell due. */
  private static final Comparator<ClaimedTouch> DUE_FIRST =
      Comparator.comparing(ClaimedTouch::dueAt).thenComparingLong(ClaimedTouch::touchId);

  private final TouchClaims claims;
  private final DispatchWorkers workers;
  private final ReminderText text;
  private final SmsGateway sms;
  private final ShopPolicies policies;
  private final OptOutRegistry optOuts;
  private final StockCheck stock;
  private final ChatDispatch chat;
  private final PhoneDispatch phone;
  private final ProviderGuard guard;
  private final DispatchProperties properties;
  private final Clock clock;
  private final MeterRegistry meters;
  private final TransactionTemplate transaction;

  Dispatcher(
      TouchClaims claims,
      DispatchWorkers workers,
      ReminderText text,
      SmsGateway sms,
      ShopPolicies policies,
      OptOutRegistry optOuts,
      StockCheck stock,
      ChatDispatch chat,
      PhoneDispatch phone,
      ProviderGuard guard,
      DispatchProperties properties,
      Clock clock,
      MeterRegistry meters,
      TransactionTemplate transaction) {
    this.claims = claims;
    this.workers = workers;
    this.text = text;
    this.sms = sms;
    this.policies = policies;
    this.optOuts = optOuts;
    this.stock = stock;
    this.chat = chat;
    this.phone = phone;
    this.guard = guard;
    this.properties = properties;
    this.clock = clock;
    this.meters = meters;
    this.transaction = transaction;
    meters.counter("cuifu.touches.sent", "channel", Channel.SMS.name());
    for (Decision decision : List.of(Decision.DEFERRED, Decision.SKIPPED, Decision.MERGED, Decision.EXPIRED)) {
      meters.counter("cuifu.touches.decisions", "decision", decision.name());
    }
  }

  /**
   * Claims one batch and settles it; returns how many touches it claimed (fewer than the batch
   * size: nothing more is due now). In three steps, so that a batch of SMS costs a few statements
   * rather than a few per message: (1) per buyer, side by side, every rule; then the buyers'
   * mergeable orders claimed in one statement, and each SMS rendered; (2) every SMS's exact body
   * and attempt start in one transaction, committed before any provider call (what crash
   * reconciliation asks the provider about); (3) the provider calls side by side, then every
   * accepted SMS recorded SENT, with its merged orders and timeline entries, in one transaction. A
   * failed send is settled on its own (rare, and each failure kind has its rule). Every write names
   * the batch's claim token, so nothing of a batch that outlived its lease reaches a touch that
   * another claim took over (see {@link TouchClaims}).
   */
  int dispatchOneBatch() {
    Instant now = clock.instant();
    UUID claim = UUID.randomUUID();
    List<ClaimedTouch> claimed =
        claims.claimDue(now, properties.batchSize(), now.plus(properties.lease()), DISPATCHED_CHANNELS, claim);
    if (claimed.isEmpty()) {
      return 0;
    }
    Map<String, ShopPolicy> shopPolicies =
        policies.forShops(claimed.stream().map(ClaimedTouch::shopId).toList());
    BatchFacts facts = facts(claimed, shopPolicies, now);
    SmsBatch smsBatch = new SmsBatch(claim, text.forBatch(), sms.forBatch());
    List<Runnable> buyers = new ArrayList<>();
    for (List<List<ClaimedTouch>> channels : byBuyer(claimed).values()) {
      buyers.add(() -> channels.forEach(due -> handleBuyer(due, shopPolicies.get(due.get(0).shopId()), facts, smsBatch)));
    }
    try {
      workers.runAll(buyers);
    } finally {
      // whatever a buyer's failure, the SMS of the others go out
      try {
        prepareSms(smsBatch);
      } finally {
        sendAll(smsBatch);
      }
    }
    return claimed.size();
  }

  /**
   * Per buyer (shop and phone), the buyer's due touches per channel, earliest first (an
   * {@code UPDATE … RETURNING} gives its rows in no particular order).
   */
  private static Map<String, List<List<ClaimedTouch>>> byBuyer(List<ClaimedTouch> claimed) {
    Map<String, Map<String, List<ClaimedTouch>>> groups = new LinkedHashMap<>();
    for (ClaimedTouch touch : claimed.stream().sorted(DUE_FIRST).toList()) {
      groups
          .computeIfAbsent(touch.shopId() + " " + touch.buyerPhone(), k -> new LinkedHashMap<>())
          .computeIfAbsent(touch.channel(), k -> new ArrayList<>())
          .add(touch);
    }
    Map<String, List<List<ClaimedTouch>>> buyers = new LinkedHashMap<>();
    groups.forEach((buyer, channels) -> buyers.put(buyer, new ArrayList<>(channels.values())));
    return buyers;
  }

  /**
   * What the rules need to know about a claimed batch's buyers, asked once for the whole batch
   * (two queries per shop) instead of twice per buyer: who opted out of which channel, and what
   * each buyer was sent within the shop's frequency-cap window (or has in flight on another claim).
   */
  private record BatchFacts(Set<String> optedOut, Map<String, List<Instant>> sentSince) {

    static String key(String shopId, String channel, String phone) {
      return shopId + " " + channel + " " + phone;
    }

    boolean optedOut(ClaimedTouch touch, Channel channel) {
      return PhoneNumbers.isValid(touch.buyerPhone())
          && optedOut.contains(key(touch.shopId(), channel.name(), PhoneNumbers.normalise(touch.buyerPhone())));
    }

    List<Instant> sentSince(ClaimedTouch touch) {
      return sentSince.getOrDefault(key(touch.shopId(), "", touch.buyerPhone()), List.of());
    }
  }

  private BatchFacts facts(List<ClaimedTouch> claimed, Map<String, ShopPolicy> shopPolicies, Instant now) {
    Set<String> optedOut = new HashSet<>();
    Map<String, List<Instant>> sentSince = new HashMap<>();
    Set<Long> ours = claimed.stream().map(ClaimedTouch::touchId).collect(Collectors.toSet());
    Map<String, List<ClaimedTouch>> byShop = new LinkedHashMap<>();
    claimed.forEach(touch -> byShop.computeIfAbsent(touch.shopId(), shop -> new ArrayList<>()).add(touch));
    byShop.forEach(
        (shop, touches) -> {
          Map<String, List<String>> phonesByChannel = new LinkedHashMap<>();
          touches.forEach(t -> phonesByChannel.computeIfAbsent(t.channel(), c -> new ArrayList<>()).add(t.buyerPhone()));
          phonesByChannel.forEach(
              (channel, phones) ->
                  optOuts.optedOut(shop, Channel.valueOf(channel), phones)
                      .forEach(phone -> optedOut.add(BatchFacts.key(shop, channel, phone))));
          List<String> capped =
              touches.stream().filter(t -> CAPPED_CHANNELS.contains(t.channel())).map(ClaimedTouch::buyerPhone).toList();
          ShopPolicy policy = shopPolicies.get(shop);
          if (!capped.isEmpty() && policy != null) {
            claims.messagesSentSince(shop, capped, CAPPED_CHANNELS, now.minus(policy.frequencyCap().window()), now, ours)
                .forEach((phone, sent) -> sentSince.put(BatchFacts.key(shop, "", phone), sent));
          }
        });
    return new BatchFacts(optedOut, sentSince);
  }

  /** One buyer's due touches of one channel: at most one message goes out for all of them. */
  private void handleBuyer(List<ClaimedTouch> due, ShopPolicy policy, BatchFacts facts, SmsBatch smsBatch) {
    Instant now = clock.instant();
    List<ClaimedTouch> live = new ArrayList<>();
    for (ClaimedTouch touch : due) {
      if (stillWanted(touch, now)) {
        live.add(touch);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    ClaimedTouch lead = live.get(0);
    ZoneId zone = policy.zoneFor(lead.buyerTimeZone());
    Channel channel = Channel.valueOf(lead.channel());
    if (facts.optedOut(lead, channel)) {
      live.forEach(t -> end(t, Decision.SKIPPED, "buyer opted out of " + channel, now));
      return;
    }
    QuietHours quiet = policy.quietHours().rule();
    if (quiet.isQuiet(now, zone)) {
      live.forEach(t -> moveOrExpire(t, quiet.place(now, now, t.paymentDeadline(), zone), now));
      return;
    }
    if (channel == Channel.PHONE) {
      live.stream().filter(t -> inStock(t, policy, now)).forEach(t -> phone.queue(t, now));
      return;
    }
    Instant capFreesAt = capFreesAt(facts.sentSince(lead), policy.frequencyCap());
    if (capFreesAt != null) {
      String why =
          "frequency cap: " + policy.frequencyCap().maxMessages() + " message(s) per " + policy.frequencyCap().window()
              + " reached";
      for (ClaimedTouch touch : live) {
        QuietHours.Slot slot = quiet.place(capFreesAt, now, touch.paymentDeadline(), zone);
        moveOrExpire(touch, slot, why, now);
      }
      return;
    }
    if (channel == Channel.CHAT) {
      live.stream().filter(t -> inStock(t, policy, now)).forEach(t -> chat.send(t, policy, now, this::retryOrFail));
      return;
    }
    smsBatch.buyers().add(new SmsBuyer(live, policy, now));
  }

  /**
   * A buyer whose due SMS touches passed every rule: {@code live} (earliest due first) go out in
   * one message, with the buyer's other unpaid orders due within the cap window merged in.
   */
  private record SmsBuyer(List<ClaimedTouch> live, ShopPolicy policy, Instant now) {

    ClaimedTouch lead() {
      return live.get(0);
    }

    TouchClaims.MergeLead mergeLead(Duration lease) {
      ClaimedTouch lead = lead();
      return new TouchClaims.MergeLead(
          lead.touchId(), lead.shopId(), lead.buyerPhone(), lead.channel(), now.plus(policy.frequencyCap().window()),
          now.plus(lease));
    }
  }

  /**
   * The SMS of a batch's buyers: their mergeable orders claimed in one statement, then per buyer
   * (side by side: a stock check is an HTTP call) the orders still in stock and the text.
   */
  private void prepareSms(SmsBatch smsBatch) {
    List<SmsBuyer> buyers = List.copyOf(smsBatch.buyers());
    if (buyers.isEmpty()) {
      return;
    }
    Map<Long, List<ClaimedTouch>> mergeable =
        claims.claimMergeable(
            buyers.stream().map(b -> b.mergeLead(properties.lease())).toList(), smsBatch.claim(), clock.instant());
    workers.runAll(
        buyers.stream()
            .<Runnable>map(buyer -> () -> prepareSms(buyer, mergeable.getOrDefault(buyer.lead().touchId(), List.of()), smsBatch))
            .toList());
  }

  private void prepareSms(SmsBuyer buyer, List<ClaimedTouch> mergeable, SmsBatch smsBatch) {
    List<ClaimedTouch> message = new ArrayList<>(buyer.live());
    message.addAll(mergeable);
    message.sort(DUE_FIRST);
    List<ClaimedTouch> inStock = new ArrayList<>();
    for (ClaimedTouch touch : message) {
      if (inStock(touch, buyer.policy(), buyer.now())) {
        inStock.add(touch);
      }
    }
    if (inStock.isEmpty()) {
      return;
    }
    ClaimedTouch sender = inStock.get(0);
    String from = buyer.policy().sms().from() != null ? buyer.policy().sms().from() : sender.smsFrom();
    smsBatch.prepared().add(new PreparedSms(sender, List.copyOf(inStock), from, smsBatch.texts().sms(inStock)));
  }

  /** Re-checks the order itself: paid or closed → cancelled; past its deadline → expired. */
  private boolean stillWanted(ClaimedTouch touch, Instant now) {
    if (touch.orderStatus() != OrderStatus.UNPAID) {
      CancelCause cause = touch.orderStatus() == OrderStatus.PAID ? CancelCause.ORDER_PAID : CancelCause.ORDER_CLOSED;
      claims.finish(touch.touchId(), touch.claim(), Decision.CANCELLED, cause.reason(null), now);
      meters.counter("cuifu.touches.cancelled", "cause", cause.name()).increment();
      return false;
    }
    if (!now.isBefore(touch.paymentDeadline())) {
      end(touch, Decision.EXPIRED, "payment deadline passed before sending", now);
      return false;
    }
    if (!touch.shopKnown()) {
      retryOrFail(touch, "shop " + touch.shopId() + " not known yet", now);
      return false;
    }
    return true;
  }

  /** When the buyer may be messaged again, or null if the cap allows a message now. */
  private static Instant capFreesAt(List<Instant> sent, ShopPolicy.FrequencyCap cap) {
    return sent.size() < cap.maxMessages() ? null : sent.get(cap.maxMessages() - 1).plus(cap.window());
  }

  private boolean inStock(ClaimedTouch touch, ShopPolicy policy, Instant now) {
    if (policy.stockCheckUrl() == null) {
      return true;
    }
    if (stock.ask(policy.stockCheckUrl(), touch.shopId(), touch.orderId()) == StockCheck.Answer.OUT_OF_STOCK) {
      claims.flagStockProblem(touch.shopId(), touch.orderId());
      end(touch, Decision.SKIPPED, "out of stock: the shop's stock check says the items are gone", now);
      return false;
    }
    return true;
  }

  private void moveOrExpire(ClaimedTouch touch, QuietHours.Slot slot, Instant now) {
    moveOrExpire(touch, slot, null, now);
  }

  private void moveOrExpire(ClaimedTouch touch, QuietHours.Slot slot, String why, Instant now) {
    String prefix = why == null ? "" : why + "; ";
    if (slot instanceof QuietHours.At at) {
      defer(touch, at.time(), prefix + "deferred", now);
    } else if (slot instanceof QuietHours.Moved moved) {
      defer(touch, moved.time(), prefix + moved.reason(), now);
    } else if (slot instanceof QuietHours.None none) {
      end(touch, Decision.EXPIRED, prefix + none.reason(), now);
    }
  }

  private void defer(ClaimedTouch touch, Instant to, String reason, Instant now) {
    claims.replanAt(touch.touchId(), touch.claim(), to, Decision.DEFERRED, reason, now);
    meters.counter("cuifu.touches.decisions", "decision", Decision.DEFERRED.name()).increment();
  }

  private void end(ClaimedTouch touch, Decision decision, String reason, Instant now) {
    claims.finish(touch.touchId(), touch.claim(), decision, reason, now);
    meters.counter("cuifu.touches.decisions", "decision", decision.name()).increment();
  }

  /**
   * One SMS ready to go: its sender touch (first of {@code orders}, which it names, earliest due
   * first; the others travel merged into it), the number or Messaging Service it goes from, its text.
   */
  private record PreparedSms(ClaimedTouch sender, List<ClaimedTouch> orders, String from, ReminderText.Rendered text) {

    List<ClaimedTouch> followers() {
      return orders.subList(1, orders.size());
    }
  }

  /** What one claimed batch's buyers hand on to be sent, the batch's claim token and its lookups. */
  private record SmsBatch(
      UUID claim, ReminderText.Batch texts, SmsGateway gateway, List<SmsBuyer> buyers, List<PreparedSms> prepared,
      List<TouchClaims.Sent> sent) {

    SmsBatch(UUID claim, ReminderText.Batch texts, SmsGateway gateway) {
      this(claim, texts, gateway, synchronizedList(), synchronizedList(), synchronizedList());
    }

    private static <T> List<T> synchronizedList() {
      return Collections.synchronizedList(new ArrayList<>());
    }
  }

  /** Steps (2) and (3) of {@link #dispatchOneBatch()}. */
  private void sendAll(SmsBatch batch) {
    List<PreparedSms> prepared = List.copyOf(batch.prepared());
    if (prepared.isEmpty()) {
      return;
    }
    // The lease of a touch about to be sent: the start-of-attempt write below renews it, for every
    // touch it starts, right before the calls, and call() makes a call only while the touch's lease
    // has lease-margin left, more than a provider call may take (its timeouts). So no call outlasts
    // its lease: recovery cannot take a touch over mid-call, and a touch whose lease ran out while
    // the batch was busy elsewhere (a slow chat webhook) is fenced out by that same write. One
    // statement for the batch and a check in memory, rather than a renewal statement per SMS.
    Instant started = clock.instant();
    Instant leaseUntil = started.plus(properties.lease());
    Set<Long> ours =
        transaction.execute(
            status -> {
              claims.mergeAll(
                  prepared.stream()
                      .flatMap(p -> p.followers().stream().map(f -> new TouchClaims.Merge(f.touchId(), p.sender().touchId())))
                      .toList(),
                  batch.claim());
              Set<Long> startedIds =
                  claims.startAttempts(
                      prepared.stream().map(p -> new TouchClaims.Attempt(p.sender().touchId(), p.text().body())).toList(),
                      batch.claim(), leaseUntil, started);
              batch.texts().recordUse(
                  prepared.stream().filter(p -> startedIds.contains(p.sender().touchId())).map(PreparedSms::text).toList());
              return startedIds;
            });
    List<PreparedSms> toSend = new ArrayList<>();
    for (PreparedSms p : prepared) {
      if (ours.contains(p.sender().touchId())) {
        toSend.add(p);
      } else {
        // its lease ran out while the batch was busy and another claim holds it now: that one sends it
        log.info("touch {} order {}/{}: SMS not sent by this batch, its claim was taken over",
            p.sender().touchId(), p.sender().shopId(), p.sender().orderId());
      }
    }
    try {
      workers.runAll(toSend.stream().<Runnable>map(p -> () -> call(p, batch, leaseUntil)).toList());
    } finally {
      // what the provider accepted is recorded even when one call died on the way
      List<TouchClaims.Sent> sent = List.copyOf(batch.sent());
      if (!sent.isEmpty()) {
        Instant now = clock.instant();
        List<TouchClaims.Sent> late = claims.markSentAll(sent, batch.claim(), now);
        late.forEach(message -> recordLateAnswer(message, now));
        meters.counter("cuifu.touches.sent", "channel", Channel.SMS.name())
            .increment(sent.stream().filter(s -> !late.contains(s)).mapToInt(s -> 1 + s.followers().size()).sum());
      }
    }
  }

  /** An accepted SMS whose touch another claim took over meanwhile: its SID is kept, not lost. */
  private void recordLateAnswer(TouchClaims.Sent message, Instant now) {
    boolean recorded =
        claims.recordLateAnswer(
            message.touchId(), message.followers(), message.providerMessageId(), message.body(), message.handedOverAt(), now);
    log.warn(
        "touch {}: the provider accepted {} after the touch's claim was taken over; {}",
        message.touchId(), message.providerMessageId(), recorded ? "recorded as sent" : "the touch had already been settled");
  }

  /**
   * One provider call, once the guard allows it and while the touch's lease ({@code leaseUntil})
   * has {@code lease-margin} left; an accepted message is recorded with the batch.
   */
  private void call(PreparedSms prepared, SmsBatch batch, Instant leaseUntil) {
    ClaimedTouch sender = prepared.sender();
    List<ClaimedTouch> orders = prepared.orders();
    String body = prepared.text().body();
    String masked = PhoneNumbers.mask(sender.buyerPhone());
    Instant now = clock.instant();
    if (now.isAfter(leaseUntil.minus(properties.leaseMargin()))) {
      // the call might outlast the lease and recovery then send it again: the next claim sends it
      defer(sender, now, "too little of its lease left for the provider call", now);
      return;
    }
    ProviderGuard.Caller caller = new ProviderGuard.Caller(sender.shopId(), batch.gateway().ownAccountOf(sender.shopId()).orElse(null));
    ProviderGuard.Permit permit = guard.tryAcquire(ProviderGuard.TWILIO, caller, prepared.from());
    if (!permit.granted()) {
      // the provider may not be called now: wait (merged orders are released), never fail
      defer(sender, now.plus(permit.retryAfter()), permit.refusal(), now);
      log.info("touch {} order {}/{}: SMS to {} waits, {}", sender.touchId(), sender.shopId(), sender.orderId(), masked, permit.refusal());
      return;
    }
    try {
      // handed to the provider now: the buyer cannot have seen the SMS earlier, and may pay before its answer is back
      Instant handedOver = clock.instant();
      SmsReceipt receipt =
          permit.call(() -> batch.gateway().send(new SmsMessage(sender.shopId(), sender.buyerPhone(), prepared.from(), body)));
      List<Long> followers = prepared.followers().stream().map(ClaimedTouch::touchId).toList();
      batch.sent().add(new TouchClaims.Sent(sender.touchId(), followers, receipt.providerMessageId(), body, handedOver));
      if (orders.size() > 1) {
        meters.counter("cuifu.touches.decisions", "decision", Decision.MERGED.name()).increment(orders.size() - 1);
      }
      log.info(
          "touch {} order {}/{}: SMS to {} accepted as {} ({} order(s))",
          sender.touchId(), sender.shopId(), sender.orderId(), masked, receipt.providerMessageId(), orders.size());
    } catch (SmsSendException e) {
      String reason = "SMS " + e.kind().name().toLowerCase() + ": " + e.getMessage();
      meters.counter("cuifu.touches.failed", "channel", sender.channel(), "kind", e.kind().name()).increment();
      log.warn("touch {} order {}/{}: SMS to {} not sent, {}", sender.touchId(), sender.shopId(), sender.orderId(), masked, reason);
      switch (e.kind()) {
        case PERMANENT -> claims.finish(sender.touchId(), sender.claim(), Decision.FAILED, reason, clock.instant());
        case RETRYABLE -> retryOrFail(sender, reason, clock.instant());
        case UNKNOWN_OUTCOME -> claims.markOutcomeUnknown(sender.touchId(), sender.claim(), reason, clock.instant());
      }
    }
  }

  /** How a channel hands a retryable failure back. */
  @FunctionalInterface
  interface RetryRule {
    void retryOrFail(ClaimedTouch touch, String reason, Instant now);
  }

  private void retryOrFail(ClaimedTouch touch, String reason, Instant now) {
    Instant next = now.plus(properties.retryDelay());
    if (next.isBefore(touch.paymentDeadline())) {
      claims.replanAt(touch.touchId(), touch.claim(), next, Decision.RETRY, reason, now);
    } else {
      claims.finish(touch.touchId(), touch.claim(), Decision.FAILED, reason + "; no time left before the deadline", now);
    }
  }
}
