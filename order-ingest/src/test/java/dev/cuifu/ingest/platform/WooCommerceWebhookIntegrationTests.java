package dev.cuifu.ingest.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.node.ObjectNode;

class WooCommerceWebhookIntegrationTests extends PlatformIntegrationTest {

  private static final String SAMPLE = "woocommerce/order-sample.json";
  private static final AtomicLong ORDER_IDS = new AtomicLong(1000);

  private String shopId;
  private String site;
  private final String secret = WOO_SAMPLE_SECRET;

  @BeforeEach
  void connectedShop() throws Exception {
    shopId = newShopId();
    createShop(shopId);
    site = "https://" + shopId + ".example.com";
    connected(shopId, "woocommerce", site, secret);
  }

  @Test
  @DisplayName("rule: WooCommerce's ping when a webhook is saved (webhook_id=…, unsigned) is answered 200 and does nothing")
  void thePingIsAnswered() throws Exception {
    mvc.perform(post("/webhooks/v1/woocommerce").contentType(MediaType.APPLICATION_FORM_URLENCODED).content("webhook_id=17"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(0));
    assertThat(eventsOf(shopId)).isEmpty();
  }

  @Test
  @DisplayName("rule: the documentation's sample order verifies over its raw bytes; processing means paid; its non-number phone is named")
  void theDocumentedSampleIsVerifiedAndMapped() throws Exception {
    deliver("order.created", resource(SAMPLE), WebhookSignaturesTests.WOO_SAMPLE_SIGNATURE, site + "/")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(1))
        .andExpect(jsonPath("$.skipped[*].field", contains("OrderCreated.buyerPhone")));
    assertThat(eventsOf(shopId))
        .singleElement()
        .isEqualTo(new OrderPaid("woocommerce:727:paid", OrderEvent.SCHEMA_VERSION, shopId, "727",
            Instant.parse("2017-03-22T19:28:08Z"), new Money(2935L, "USD"), Instant.parse("2017-03-22T19:28:08Z")));
  }

  @Test
  @DisplayName("rule: pending/on-hold make OrderCreated, processing/completed OrderPaid, each once")
  void unpaidThenPaid() throws Exception {
    long orderId = ORDER_IDS.incrementAndGet();
    deliver("order.created", order(orderId, "pending", "2025-06-01T02:00:00")).andExpect(jsonPath("$.accepted").value(1));
    deliver("order.updated", order(orderId, "on-hold", "2025-06-01T02:01:00")).andExpect(jsonPath("$.duplicates").value(1));
    deliver("order.updated", order(orderId, "processing", "2025-06-01T03:00:00")).andExpect(jsonPath("$.accepted").value(1));
    deliver("order.updated", order(orderId, "completed", "2025-06-03T03:00:00"))
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.duplicates").value(1));

    List<OrderEvent> events = eventsOf(shopId);
    assertThat(events).hasSize(2);
    assertThat(events.get(0))
        .isEqualTo(new OrderCreated("woocommerce:" + orderId + ":created", OrderEvent.SCHEMA_VERSION, shopId, Long.toString(orderId),
            Instant.parse("2025-06-01T02:00:00Z"), "42", "+8613800138000", null, null, new Money(2935L, "USD"),
            "Woo Single #1 ×2, Ship Your Idea &ndash; Color: Black, Size: M Test ×1", "call before delivery", null, false));
    assertThat(events.get(1)).isInstanceOfSatisfying(OrderPaid.class, p -> assertThat(p.paidAt()).isEqualTo(Instant.parse("2025-06-01T03:00:00Z")));
  }

  @Test
  @DisplayName("rule: cancelled and failed make OrderClosed with the status as the reason")
  void cancelledAndFailedClose() throws Exception {
    long cancelled = ORDER_IDS.incrementAndGet();
    long failed = ORDER_IDS.incrementAndGet();
    deliver("order.created", order(cancelled, "pending", "2025-06-01T02:00:00")).andExpect(status().isOk());
    deliver("order.updated", order(cancelled, "cancelled", "2025-06-02T02:00:00")).andExpect(jsonPath("$.accepted").value(1));
    deliver("order.created", order(failed, "failed", "2025-06-01T02:00:00")).andExpect(jsonPath("$.accepted").value(2));

    List<OrderEvent> events = eventsOf(shopId);
    assertThat(events.stream().filter(e -> e.orderId().equals(Long.toString(cancelled))).toList())
        .last()
        .isEqualTo(new OrderClosed("woocommerce:" + cancelled + ":closed", OrderEvent.SCHEMA_VERSION, shopId, Long.toString(cancelled),
            Instant.parse("2025-06-02T02:00:00Z"), "cancelled"));
    assertThat(events.stream().filter(e -> e.orderId().equals(Long.toString(failed))).toList())
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("OrderCreated", "OrderClosed");
  }

  @Test
  @DisplayName("rule: a forged delivery, or one for another shop's store, is a 401 that changes nothing; a redelivery is a duplicate")
  void forgedAndReplayed() throws Exception {
    String otherShop = newShopId();
    createShop(otherShop);
    String otherSite = "https://" + otherShop + ".example.com";
    connected(otherShop, "woocommerce", otherSite, "the-other-shops-secret-0123456789");
    byte[] body = order(ORDER_IDS.incrementAndGet(), "pending", "2025-06-01T02:00:00");

    ShopifyWebhookIntegrationTests.refused(deliver("order.created", body, sign(body, "forged-secret-0123456789"), site));
    ShopifyWebhookIntegrationTests.refused(deliver("order.created", body, sign(body, secret), otherSite));
    ShopifyWebhookIntegrationTests.refused(deliver("order.created", body, null, site));
    deliver("order.created", body).andExpect(jsonPath("$.accepted").value(1));
    deliver("order.created", body).andExpect(jsonPath("$.accepted").value(0)).andExpect(jsonPath("$.duplicates").value(1));

    assertThat(eventsOf(shopId)).hasSize(1);
    assertThat(eventsOf(otherShop)).isEmpty();
  }

  private static byte[] order(long orderId, String status, String modifiedGmt) {
    ObjectNode order = sample(SAMPLE);
    order.put("id", orderId);
    order.put("number", Long.toString(orderId));
    order.put("status", status);
    order.put("customer_id", 42);
    order.put("customer_note", "call before delivery");
    order.put("payment_method", "cod");
    order.put("date_created_gmt", "2025-06-01T02:00:00");
    order.put("date_modified_gmt", modifiedGmt);
    if (status.equals("processing") || status.equals("completed")) {
      order.put("date_paid_gmt", modifiedGmt);
    } else {
      order.putNull("date_paid_gmt");
    }
    ((ObjectNode) order.get("billing")).put("phone", "+86 138 0013 8000");
    return bytes(order, o -> {});
  }

  private ResultActions deliver(String topic, byte[] body) throws Exception {
    return deliver(topic, body, sign(body, secret), site + "/");
  }

  private ResultActions deliver(String topic, byte[] body, String signature, String source) throws Exception {
    var request = post("/webhooks/v1/woocommerce")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-WC-Webhook-Topic", topic)
        .header("X-WC-Webhook-Resource", "order")
        .header("X-WC-Webhook-Event", topic.substring(topic.indexOf('.') + 1))
        .header("X-WC-Webhook-Source", source)
        .header("X-WC-Webhook-ID", "17")
        .header("X-WC-Webhook-Delivery-ID", "d" + System.nanoTime())
        .content(body);
    if (signature != null) {
      request.header("X-WC-Webhook-Signature", signature);
    }
    return mvc.perform(request);
  }
}
