package dev.cuifu.harness.tenancy;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.harness.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What every check does as an ordinary shop would: create it, post orders, wait for their plan. */
public final class ShopClient {

  private ShopClient() {}

  /**
   * Creates a shop with the operator token and answers its API key, once reminder-service knows
   * it too (the shop travels there over Kafka).
   */
  public static String createShop(Target target, String shopId, String name) {
    ObjectNode body = EventJson.mapper().createObjectNode();
    body.put("shopId", shopId).put("name", name).put("smsDelay", "P1D").put("smsFrom", "+14155550100").put("timeZone", "Asia/Shanghai");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    Http.Answer created;
    do {
      created = Http.send("POST", target.ingestUrl() + "/admin/v1/shops", Http.bearer(target.operatorToken()), body.toString());
    } while (created.status() == 503 && System.nanoTime() < deadline && pause(Duration.ofSeconds(1)));
    if (created.status() != 201) {
      throw new IllegalStateException("could not create shop " + shopId + ": HTTP " + created.status() + " " + created.body());
    }
    String apiKey = json(created.body()).path("apiKey").asString();
    Http.Answer known;
    do {
      known = Http.get(target.reminderUrl() + "/api/v1/policy", Http.apiKey(apiKey));
    } while (known.status() == 401 && System.nanoTime() < deadline && pause(Duration.ofMillis(250)));
    if (known.status() != 200) {
      throw new IllegalStateException("reminder-service does not know shop " + shopId + ": HTTP " + known.status());
    }
    return apiKey;
  }

  /** An OrderCreated event as a shop posts it (the server stamps shop id and schema version). */
  public static String orderCreated(
      String eventId, String orderId, String buyerId, String phone, long amountMinor, String item, String note, String chatHandle) {
    ObjectNode event = EventJson.mapper().createObjectNode();
    event.put("type", "OrderCreated").put("eventId", eventId).put("orderId", orderId);
    event.put("occurredAt", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    event.put("buyerId", buyerId).put("buyerPhone", phone).put("buyerTimeZone", "Asia/Shanghai");
    if (chatHandle != null) {
      event.put("chatHandle", chatHandle);
    }
    event.putObject("amount").put("minor", amountMinor).put("currency", "CNY");
    event.put("itemSummary", item);
    if (note != null) {
      event.put("buyerNote", note);
    }
    return event.toString();
  }

  /** Posts one event to order-ingest; fails unless it is accepted (202). */
  public static void post(Target target, String apiKey, String event) {
    Http.Answer answer = Http.send("POST", target.ingestUrl() + "/api/v1/events", Http.apiKey(apiKey), event);
    if (answer.status() != 202) {
      throw new IllegalStateException("event not accepted: HTTP " + answer.status() + " " + answer.body());
    }
  }

  /** Whether reminder-service planned the order's touches within {@code max}. */
  public static boolean awaitPlanned(Target target, String apiKey, String orderId, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    do {
      Http.Answer touches = Http.get(target.reminderUrl() + "/api/v1/orders/" + orderId + "/touches", Http.apiKey(apiKey));
      if (touches.status() == 200 && !json(touches.body()).path("touches").isEmpty()) {
        return true;
      }
    } while (System.nanoTime() < deadline && pause(Duration.ofMillis(200)));
    return false;
  }

  public static JsonNode json(String body) {
    try {
      return EventJson.mapper().readTree(body == null || body.isBlank() ? "null" : body);
    } catch (RuntimeException e) {
      return EventJson.mapper().getNodeFactory().stringNode(body);
    }
  }

  /** Sleeps; true, so that it can end a polling loop's condition. */
  public static boolean pause(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
