package dev.cuifu.reminder.backtest;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.reminder.dispatch.BuyerFacts;
import dev.cuifu.reminder.dispatch.SendRules;
import dev.cuifu.reminder.dispatch.Verdict;
import dev.cuifu.reminder.plan.CancelCause;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.plan.PlanningPolicy;
import dev.cuifu.reminder.plan.TierPlan;
import dev.cuifu.reminder.plan.TouchPlanner;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.script.OrderFacts;
import dev.cuifu.reminder.script.ScriptChannel;
import dev.cuifu.reminder.script.ScriptLibrary;
import dev.cuifu.reminder.touch.ClaimedTouch;
import dev.cuifu.reminder.touch.OrderStatus;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Replays past orders through a policy on a simulated clock, sending nothing. The rules are the
 * ones Cuifu runs live, called rather than restated: {@link TierPlan} plans each order's tiers at
 * its creation (delays, minimum amount, phone reasons, the payment deadline, quiet hours with
 * deadline awareness), {@link SendRules} judges each touch when it falls due (paid or closed
 * meanwhile, deadline passed, quiet hours, frequency cap), and an SMS takes the buyer's other due
 * orders along as {@link SendRules#mergeDueBefore} says. Messages are rendered from Cuifu's default
 * scripts to count their segments.
 *
 * <p>An event queue orders what happens: orders created, payments and closings at their recorded
 * times, touches falling due and deferred. At one instant a payment comes before a touch (a buyer
 * who paid at that second was paying anyway). A buyer is the file's phone number, else its buyer
 * id, else the order itself.
 */
public final class Backtest {

  private static final String SHOP = "backtest";

  /** As a merged message names its orders live ({@code DueBatch.DUE_FIRST}). */
  private static final Comparator<Touch> DUE_FIRST = Comparator.comparing((Touch t) -> t.dueAt).thenComparingLong(t -> t.id);

  private final ShopPolicy policy;
  private final PlanningPolicy planning;
  private final BacktestSettings settings;
  private final SendRules rules = new SendRules();
  private final ZoneId shopZone;

  private final PriorityQueue<Event> queue =
      new PriorityQueue<>(Comparator.comparing(Event::at).thenComparingInt(e -> e.kind().ordinal()).thenComparingLong(Event::seq));
  private final Map<String, Buyer> buyers = new HashMap<>();
  private final Map<Integer, Tier> tiers = new HashMap<>();
  private long seq;
  private long touchIds;

  // order-level figures
  private long orders;
  private long neverPaid;
  private long belowMinimum;
  private long reminded;
  private long remindedPaidLater;
  private long remindedNeverPaid;
  private long remindedNeverPaidMinor;
  private long smsMessages;
  private long smsSegments;
  private long chatMessages;
  private long phoneTasks;
  private long merged;
  private Instant minute;
  private long inMinute;
  private long peak;
  private Instant peakMinute;
  /** Sends per channel (by ordinal) and hour of day in the policy's zone. */
  private final long[][] hourly = new long[Channel.values().length][HourlySends.HOURS];

  private Backtest(ShopPolicy policy, BacktestSettings settings) {
    this.policy = policy;
    this.planning = policy.planning();
    this.settings = settings;
    this.shopZone = policy.zoneFor(null);
  }

  /**
   * Replays {@code rows} (in any order) through {@code policy}; {@code progress} hears how many
   * orders have been created so far.
   */
  public static BacktestReport run(List<OrderRow> rows, ShopPolicy policy, BacktestSettings settings, LongConsumer progress) {
    return new Backtest(policy, settings).replay(rows, progress);
  }

  private enum Kind {
    PAID,
    CLOSED,
    DUE
  }

  private record Event(Instant at, Kind kind, long seq, Order order, Touch touch) {}

  private static final class Order {
    final OrderRow row;
    final String buyer;
    final Instant deadline;
    OrderStatus status = OrderStatus.UNPAID;
    Instant firstReminded;

    Order(OrderRow row, String buyer, Instant deadline) {
      this.row = row;
      this.buyer = buyer;
      this.deadline = deadline;
    }
  }

  private static final class Touch {
    final long id;
    final Order order;
    final int tier;
    final Channel channel;
    Instant dueAt;
    boolean open = true;

    Touch(long id, Order order, int tier, Channel channel, Instant dueAt) {
      this.id = id;
      this.order = order;
      this.tier = tier;
      this.channel = channel;
      this.dueAt = dueAt;
    }
  }

  private static final class Buyer {
    int paidOrders;
    /** Messages sent to the buyer, oldest first, for the frequency cap. */
    final ArrayDeque<Instant> sent = new ArrayDeque<>();
    /** The buyer's SMS touches not yet settled, for merging. */
    final List<Touch> openSms = new ArrayList<>(1);
  }

  /** Counters of one tier; {@link TierFigures} when done. */
  private static final class Tier {
    final int tier;
    final Channel channel;
    long planned;
    long dropped;
    long cancelledPaid;
    long cancelledClosed;
    long deferredQuiet;
    long deferredCap;
    long expired;
    long reminded;
    long paidLater;

    Tier(int tier, Channel channel) {
      this.tier = tier;
      this.channel = channel;
    }

    TierFigures figures() {
      return new TierFigures(
          tier, channel, planned, dropped, cancelledPaid, cancelledClosed, deferredQuiet, deferredCap, expired, reminded,
          paidLater);
    }
  }

  private BacktestReport replay(List<OrderRow> rows, LongConsumer progress) {
    List<OrderRow> byCreation = new ArrayList<>(rows);
    byCreation.sort(Comparator.comparing(OrderRow::createdAt).thenComparingLong(OrderRow::line));
    if (planning.smsEnabled()) {
      tiers.put(TierPlan.SMS_TIER, new Tier(TierPlan.SMS_TIER, Channel.SMS));
    }
    if (planning.chatEnabled()) {
      tiers.put(TierPlan.CHAT_TIER, new Tier(TierPlan.CHAT_TIER, Channel.CHAT));
    }
    if (planning.phoneEnabled()) {
      tiers.put(TierPlan.PHONE_TIER, new Tier(TierPlan.PHONE_TIER, Channel.PHONE));
    }
    for (OrderRow row : byCreation) {
      settleUntil(row.createdAt());
      create(row);
      progress.accept(++orders);
    }
    settleUntil(Instant.MAX);
    return report(byCreation);
  }

  /** Handles every event before {@code until} (an order created at the same instant comes first). */
  private void settleUntil(Instant until) {
    while (!queue.isEmpty() && queue.peek().at().isBefore(until)) {
      Event event = queue.poll();
      switch (event.kind()) {
        case PAID -> {
          event.order().status = OrderStatus.PAID;
          buyers.get(event.order().buyer).paidOrders++;
        }
        case CLOSED -> {
          if (event.order().status == OrderStatus.UNPAID) {
            event.order().status = OrderStatus.CLOSED;
          }
        }
        case DUE -> dueTogether(event);
      }
    }
  }

  private void create(OrderRow row) {
    String buyerKey =
        row.buyerPhone() != null ? "phone " + row.buyerPhone() : row.buyerId() != null ? "buyer " + row.buyerId() : "order " + row.line();
    Buyer buyer = buyers.computeIfAbsent(buyerKey, k -> new Buyer());
    OrderCreated created =
        new OrderCreated(
            "backtest-" + row.line(), OrderEvent.SCHEMA_VERSION, SHOP, row.orderId(), row.createdAt(), buyerKey, null, null, null,
            new Money(row.amountMinor(), row.currency()), "", null, null, false);
    Order order = new Order(row, buyerKey, TouchPlanner.paymentDeadline(created, planning));
    if (row.paidAt() != null) {
      push(later(row.paidAt(), row.createdAt()), Kind.PAID, order, null);
    } else {
      neverPaid++;
      if (row.closedAt() != null) {
        push(later(row.closedAt(), row.createdAt()), Kind.CLOSED, order, null);
      }
    }
    if (!policy.remindsOrderOf(row.amountMinor())) {
      belowMinimum++;
      return;
    }
    TierPlan.Result plan = TierPlan.plan(created, planning, order.deadline, buyer.paidOrders);
    for (TierPlan.Planned planned : plan.planned()) {
      Tier tier = tiers.get(planned.tier());
      tier.planned++;
      Instant wanted = row.createdAt().plus(delay(planned.tier()));
      if (!planned.dueAt().equals(wanted) && unpaidAt(row, wanted)) {
        // the planner moved it out of quiet hours; a send deferred if the order was still open then
        tier.deferredQuiet++;
      }
      Touch touch = new Touch(++touchIds, order, planned.tier(), planned.channel(), planned.dueAt());
      if (touch.channel == Channel.SMS) {
        buyer.openSms.add(touch);
      }
      push(touch.dueAt, Kind.DUE, order, touch);
    }
    for (TierPlan.Skipped skipped : plan.skipped()) {
      Tier tier = tiers.get(skipped.tier());
      tier.planned++;
      tier.dropped++;
    }
  }

  private Duration delay(int tier) {
    return switch (tier) {
      case TierPlan.SMS_TIER -> planning.smsDelay();
      case TierPlan.CHAT_TIER -> planning.chatDelay();
      default -> planning.phoneDelay();
    };
  }

  /**
   * The touches falling due at this instant, per buyer and channel, judged together as a claimed
   * batch's are live ({@code DueBatch.byBuyer}).
   */
  private void dueTogether(Event first) {
    Map<String, List<Touch>> groups = new LinkedHashMap<>();
    Event event = first;
    while (true) {
      Touch touch = event.touch();
      if (touch.open) { // else it travelled in another order's SMS
        groups.computeIfAbsent(touch.order.buyer + " " + touch.channel, k -> new ArrayList<>()).add(touch);
      }
      Event next = queue.peek();
      if (next == null || next.kind() != Kind.DUE || !next.at().equals(first.at())) {
        break;
      }
      event = queue.poll();
    }
    for (List<Touch> due : groups.values()) {
      due.sort(DUE_FIRST);
      due(due, first.at());
    }
  }

  private void due(List<Touch> due, Instant now) {
    Buyer buyer = buyers.get(due.get(0).order.buyer);
    Duration window = policy.frequencyCap().window();
    while (!buyer.sent.isEmpty() && !buyer.sent.peekFirst().isAfter(now.minus(window))) {
      buyer.sent.pollFirst();
    }
    List<Instant> sentSince = new ArrayList<>(buyer.sent);
    sentSince.sort(Comparator.reverseOrder());
    BuyerFacts facts = new BuyerFacts(Set.of(), Map.of(BuyerFacts.key(SHOP, "", due.get(0).order.buyer), sentSince));
    Map<Long, Touch> byId = new HashMap<>();
    due.forEach(t -> byId.put(t.id, t));
    List<Touch> send = new ArrayList<>();
    for (SendRules.Judged judged : rules.judge(due.stream().map(this::claimed).toList(), policy, facts, now)) {
      Touch touch = byId.get(judged.touch().touchId());
      if (judged.verdict() instanceof Verdict.Send) {
        send.add(touch);
      } else {
        settle(touch, judged.verdict(), buyer);
      }
    }
    if (send.isEmpty()) {
      return;
    }
    if (send.get(0).channel == Channel.SMS) {
      send(send, buyer, now);
    } else {
      // chat messages and phone tasks go one per order
      send.forEach(touch -> send(List.of(touch), buyer, now));
    }
  }

  /** A touch that does not go out now: deferred, or ended for its reason. */
  private void settle(Touch touch, Verdict verdict, Buyer buyer) {
    Tier tier = tiers.get(touch.tier);
    if (verdict instanceof Verdict.Defer defer) {
      if (defer.byFrequencyCap()) {
        tier.deferredCap++;
      } else {
        tier.deferredQuiet++;
      }
      touch.dueAt = defer.at();
      push(defer.at(), Kind.DUE, touch.order, touch);
    } else {
      close(touch, buyer);
      if (verdict instanceof Verdict.Cancel cancel) {
        if (cancel.cause() == CancelCause.ORDER_PAID) {
          tier.cancelledPaid++;
        } else {
          tier.cancelledClosed++;
        }
      } else if (verdict instanceof Verdict.Expire) {
        tier.expired++;
      }
      // Skip (opted out) and Retry (shop unknown) do not happen in a replay
    }
  }

  /** One message (or phone task) for {@code live}; an SMS takes the buyer's other due orders along. */
  private void send(List<Touch> live, Buyer buyer, Instant now) {
    Touch lead = live.get(0);
    List<Touch> message = new ArrayList<>(live);
    if (lead.channel == Channel.SMS) {
      Instant dueBefore = SendRules.mergeDueBefore(policy, now);
      for (Touch other : buyer.openSms) {
        if (!message.contains(other) && other.open && other.order.status == OrderStatus.UNPAID && other.order.deadline.isAfter(now)
            && other.dueAt.isBefore(dueBefore)) {
          message.add(other);
        }
      }
      message.sort(DUE_FIRST);
      merged += message.size() - live.size();
      smsMessages++;
      String text =
          ScriptLibrary.renderDefault(
              ScriptChannel.SMS, settings.locale(), settings.shopName(), shopZone,
              message.stream().map(t -> facts(t.order)).toList(), settings.itemLength());
      smsSegments += SmsSegments.of(text).segments();
    } else if (lead.channel == Channel.CHAT) {
      chatMessages++;
    } else {
      phoneTasks++;
    }
    hourly[lead.channel.ordinal()][now.atZone(shopZone).getHour()]++;
    if (lead.channel != Channel.PHONE) {
      buyer.sent.addLast(now);
      countSend(now);
    }
    for (Touch touch : message) {
      close(touch, buyer);
      Tier tier = tiers.get(touch.tier);
      tier.reminded++;
      OrderRow row = touch.order.row;
      if (row.paidAt() != null && row.paidAt().isAfter(now)) {
        tier.paidLater++;
      }
      if (touch.order.firstReminded == null) {
        touch.order.firstReminded = now;
        reminded++;
        if (row.paidAt() == null) {
          remindedNeverPaid++;
          remindedNeverPaidMinor += row.amountMinor();
        } else if (row.paidAt().isAfter(now)) {
          remindedPaidLater++;
        }
      }
    }
  }

  private void countSend(Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MINUTES);
    if (!at.equals(minute)) {
      minute = at;
      inMinute = 0;
    }
    if (++inMinute > peak) {
      peak = inMinute;
      peakMinute = at;
    }
  }

  private static void close(Touch touch, Buyer buyer) {
    touch.open = false;
    if (touch.channel == Channel.SMS) {
      buyer.openSms.remove(touch);
    }
  }

  private ClaimedTouch claimed(Touch touch) {
    OrderRow row = touch.order.row;
    return new ClaimedTouch(
        touch.id, null, SHOP, row.orderId(), touch.channel.name(), touch.dueAt, touch.order.status, touch.order.buyer,
        touch.order.buyer, null, null, null, "", row.amountMinor(), row.currency(), touch.order.deadline, settings.shopName(),
        null, shopZone, null);
  }

  private static OrderFacts facts(Order order) {
    return new OrderFacts(order.row.orderId(), "", order.row.amountMinor(), order.row.currency(), order.deadline);
  }

  private void push(Instant at, Kind kind, Order order, Touch touch) {
    queue.add(new Event(at, kind, ++seq, order, touch));
  }

  /** Whether the data shows the order still open at {@code moment} (a payment at that instant comes first). */
  private static boolean unpaidAt(OrderRow row, Instant moment) {
    return (row.paidAt() == null || row.paidAt().isAfter(moment)) && (row.closedAt() == null || row.closedAt().isAfter(moment));
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private BacktestReport report(List<OrderRow> rows) {
    String currency = rows.isEmpty() ? "CNY" : rows.get(0).currency();
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    BigDecimal notPaidAmount = BigDecimal.valueOf(remindedNeverPaidMinor, digits);
    BigDecimal lift = BigDecimal.valueOf(settings.lift());
    List<TierFigures> figures = tiers.values().stream().map(Tier::figures).sorted(Comparator.comparingInt(TierFigures::tier)).toList();
    long deferredQuiet = 0;
    long deferredCap = 0;
    long dropped = 0;
    for (TierFigures tier : figures) {
      deferredQuiet += tier.deferredByQuietHours();
      deferredCap += tier.deferredByFrequencyCap();
      dropped += tier.droppedAtPlanning() + tier.expired();
    }
    return new BacktestReport(
        orders, neverPaid, currency, belowMinimum, figures, reminded, remindedPaidLater, remindedNeverPaid, notPaidAmount,
        smsMessages, smsSegments, settings.segmentPrice().multiply(BigDecimal.valueOf(smsSegments)), chatMessages, phoneTasks,
        merged, deferredQuiet, deferredCap, dropped, peak, peakMinute, settings.lift(), settings.lift() * remindedNeverPaid,
        notPaidAmount.multiply(lift).setScale(digits, RoundingMode.HALF_UP), null, hourlySends());
  }

  private HourlySends hourlySends() {
    return new HourlySends(
        shopZone.getId(), counts(hourly[Channel.SMS.ordinal()]), counts(hourly[Channel.CHAT.ordinal()]),
        counts(hourly[Channel.PHONE.ordinal()]));
  }

  private static List<Long> counts(long[] perHour) {
    return Arrays.stream(perHour).boxed().toList();
  }
}
