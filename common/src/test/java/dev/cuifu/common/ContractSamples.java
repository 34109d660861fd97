package dev.cuifu.common;

import dev.cuifu.common.event.ExperimentEvent;
import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.common.event.PhoneTaskClaimed;
import dev.cuifu.common.event.PhoneTaskClosed;
import dev.cuifu.common.event.PhoneTaskCompleted;
import dev.cuifu.common.event.PhoneTaskCreated;
import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.common.event.PhoneTaskReleased;
import dev.cuifu.common.event.ShopUpdated;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/** Fully populated sample events of the contract: every component set, none left null. */
public final class ContractSamples {

  public static final String SHOP = "shop-1";
  public static final String ORDER = "T20261111000001";
  public static final String PHONE_E164 = "+8613800138000";
  public static final String PHONE_FORMATTED = "+86 138 0013 8000";

  private ContractSamples() {}

  public static Money money() {
    return new Money(12_900L, "CNY");
  }

  public static OrderCreated orderCreated() {
    return new OrderCreated(
        "evt-20261111-000001",
        OrderEvent.SCHEMA_VERSION,
        SHOP,
        ORDER,
        // nanosecond precision must survive the round trip
        Instant.parse("2026-11-11T00:00:05.123456789Z"),
        "buyer-42",
        PHONE_E164,
        "tb_buyer_42",
        ZoneId.of("Asia/Shanghai"),
        money(),
        "Down jacket, navy, L ×1 — 羽绒服",
        "Please ship before the weekend",
        Instant.parse("2026-11-14T00:00:05Z"),
        true);
  }

  public static OrderPaid orderPaid() {
    return new OrderPaid(
        "evt-20261111-000002",
        OrderEvent.SCHEMA_VERSION,
        SHOP,
        ORDER,
        Instant.parse("2026-11-11T01:02:03.456Z"),
        money(),
        Instant.parse("2026-11-11T01:02:00Z"));
  }

  public static OrderClosed orderClosed() {
    return new OrderClosed(
        "evt-20261114-000003",
        OrderEvent.SCHEMA_VERSION,
        SHOP,
        ORDER,
        Instant.parse("2026-11-14T00:00:05Z"),
        "TIMEOUT");
  }

  public static ShopUpdated shopUpdated() {
    return new ShopUpdated(
        ShopUpdated.SCHEMA_VERSION,
        SHOP,
        "Navy & Co.",
        List.of(
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752"),
        Duration.ofMinutes(30),
        "MG0123456789abcdef0123456789abcdef",
        ZoneId.of("Asia/Shanghai"),
        Instant.parse("2026-11-01T08:00:00Z"),
        "CN");
  }

  /** One fully populated event of every {@link OrderEvent} subtype. */
  public static List<OrderEvent> orderEvents() {
    return List.of(orderCreated(), orderPaid(), orderClosed());
  }

  public static PhoneTaskCreated phoneTaskCreated() {
    return new PhoneTaskCreated(
        "5b0e7c1a-1d2f-4a0b-9c3d-000000000001", PhoneTaskEvent.SCHEMA_VERSION, SHOP, ORDER, 42L,
        Instant.parse("2026-11-11T02:00:00.123456Z"), 60, "high value");
  }

  public static PhoneTaskClaimed phoneTaskClaimed() {
    return new PhoneTaskClaimed(
        "5b0e7c1a-1d2f-4a0b-9c3d-000000000002", PhoneTaskEvent.SCHEMA_VERSION, SHOP, ORDER, 42L,
        Instant.parse("2026-11-11T02:01:00Z"), "xiaoli", Instant.parse("2026-11-11T02:11:00Z"));
  }

  public static PhoneTaskReleased phoneTaskReleased() {
    return new PhoneTaskReleased(
        "5b0e7c1a-1d2f-4a0b-9c3d-000000000003", PhoneTaskEvent.SCHEMA_VERSION, SHOP, ORDER, 42L,
        Instant.parse("2026-11-11T02:02:00Z"), "xiaoli", "boss", "released");
  }

  public static PhoneTaskCompleted phoneTaskCompleted() {
    return new PhoneTaskCompleted(
        "5b0e7c1a-1d2f-4a0b-9c3d-000000000004", PhoneTaskEvent.SCHEMA_VERSION, SHOP, ORDER, 42L,
        Instant.parse("2026-11-11T02:05:00Z"), "xiaoli", "CALL_BACK", "PAYMENT_PROBLEM",
        Instant.parse("2026-11-12T02:00:00Z"));
  }

  public static PhoneTaskClosed phoneTaskClosed() {
    return new PhoneTaskClosed(
        "5b0e7c1a-1d2f-4a0b-9c3d-000000000005", PhoneTaskEvent.SCHEMA_VERSION, SHOP, ORDER, 42L,
        Instant.parse("2026-11-11T03:00:00Z"), "paid");
  }

  public static ExperimentEvent experimentEvent() {
    return new ExperimentEvent(
        "7d2e4f10-2a3b-4c5d-8e9f-000000000001", ExperimentEvent.SCHEMA_VERSION, SHOP, 7L, Instant.parse("2026-11-14T02:00:00Z"),
        "WINNER_RECORDED", "RULE", "winner gentle: rate 0.1800, lead [0.0040, 0.0610]");
  }

  /** One fully populated event of every {@link PhoneTaskEvent} subtype. */
  public static List<PhoneTaskEvent> phoneTaskEvents() {
    return List.of(phoneTaskCreated(), phoneTaskClaimed(), phoneTaskReleased(), phoneTaskCompleted(), phoneTaskClosed());
  }
}
