package dev.cuifu.reminder.plan;

import dev.cuifu.common.event.OrderCreated;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which tiers an unpaid order gets and when (docs/architecture.md, "Tiers"): SMS for every order above the
 * shop's minimum, chat the next day, a phone task early for high-value orders, returning buyers
 * and orders with a note. Every tier is bounded by the payment deadline and kept out of the
 * reader's quiet hours. A pure function of its inputs.
 */
public final class TierPlan {

  public static final int SMS_TIER = 1;
  public static final int CHAT_TIER = 2;
  public static final int PHONE_TIER = 3;

  /** A tier that will be touched at {@code dueAt}; {@code note} says why it moved, if it did. */
  public record Planned(int tier, Channel channel, Instant dueAt, String note) {}

  /** A tier the order qualified for but that cannot happen, and why. */
  public record Skipped(int tier, Channel channel, String reason) {}

  public record Result(List<Planned> planned, List<Skipped> skipped) {}

  private TierPlan() {}

  /**
   * @param deadline when the order stops being payable
   * @param buyerPaidOrders the buyer's earlier paid orders with this shop
   */
  public static Result plan(OrderCreated order, PlanningPolicy policy, Instant deadline, int buyerPaidOrders) {
    return plan(order, policy, deadline, buyerPaidOrders, Map.of());
  }

  /**
   * As above, with some tiers' delays replaced (an experiment's arm, by tier number); the quiet
   * hours and the deadline bound them as they bound the policy's.
   */
  public static Result plan(OrderCreated order, PlanningPolicy policy, Instant deadline, int buyerPaidOrders, Map<Integer, Duration> delays) {
    List<Planned> planned = new ArrayList<>();
    List<Skipped> skipped = new ArrayList<>();
    if (order.amount().minor() < policy.minOrderAmountMinor()) {
      skipped.add(new Skipped(SMS_TIER, Channel.SMS, "order amount below the shop's minimum to remind"));
      return new Result(planned, skipped);
    }
    ZoneId zone = order.buyerTimeZone() != null ? order.buyerTimeZone() : policy.shopTimeZone();
    if (policy.smsEnabled()) {
      place(SMS_TIER, Channel.SMS, null, order, order.occurredAt().plus(delays.getOrDefault(SMS_TIER, policy.smsDelay())), deadline, zone, policy, planned, skipped);
    }
    if (policy.chatEnabled()) {
      place(CHAT_TIER, Channel.CHAT, null, order, order.occurredAt().plus(delays.getOrDefault(CHAT_TIER, policy.chatDelay())), deadline, zone, policy, planned, skipped);
    }
    String phoneReason = phoneReason(order, policy, buyerPaidOrders);
    if (policy.phoneEnabled() && phoneReason != null) {
      place(PHONE_TIER, Channel.PHONE, phoneReason, order, order.occurredAt().plus(delays.getOrDefault(PHONE_TIER, policy.phoneDelay())), deadline, zone, policy, planned, skipped);
    }
    return new Result(planned, skipped);
  }

  /** Why the order deserves a call (domain.md: returning buyers, big orders, buyer notes), or null. */
  static String phoneReason(OrderCreated order, PlanningPolicy policy, int buyerPaidOrders) {
    List<String> reasons = new ArrayList<>();
    if (order.amount().minor() >= policy.phoneMinAmountMinor()) {
      reasons.add("high value");
    }
    if (policy.returningBuyerMinPaidOrders() > 0 && buyerPaidOrders >= policy.returningBuyerMinPaidOrders()) {
      reasons.add("returning buyer (" + buyerPaidOrders + " paid orders)");
    }
    if (policy.phoneOnBuyerNote() && order.buyerNote() != null && !order.buyerNote().isBlank()) {
      reasons.add("buyer note");
    }
    return reasons.isEmpty() ? null : String.join(", ", reasons);
  }

  private static void place(
      int tier,
      Channel channel,
      String why,
      OrderCreated order,
      Instant wanted,
      Instant deadline,
      ZoneId zone,
      PlanningPolicy policy,
      List<Planned> planned,
      List<Skipped> skipped) {
    QuietHours.Slot slot = policy.quietHours().place(wanted, order.occurredAt(), deadline, zone);
    if (slot instanceof QuietHours.At at) {
      planned.add(new Planned(tier, channel, at.time(), why));
    } else if (slot instanceof QuietHours.Moved moved) {
      planned.add(new Planned(tier, channel, moved.time(), why == null ? moved.reason() : why + "; " + moved.reason()));
    } else if (slot instanceof QuietHours.None none) {
      skipped.add(new Skipped(tier, channel, none.reason()));
    }
  }
}
