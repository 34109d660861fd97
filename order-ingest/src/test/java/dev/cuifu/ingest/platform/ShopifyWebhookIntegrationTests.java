package dev.cuifu.ingest.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItem;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.Money;
import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.common.kafka.EventJson;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.node.ObjectNode;

class ShopifyWebhookIntegrationTests extends PlatformIntegrationTest {

  private static final String SAMPLE = "shopify/orders-create-sample.json";
  private static final AtomicLong ORDER_IDS = new AtomicLong(5_208_334_008_572L);

  private String shopId;
  private String domain;
  private final String secret = SHOPIFY_SAMPLE_SECRET;

  @BeforeEach
  void connectedShop() throws Exception {
    shopId = newShopId();
    createShop(shopId);
    domain = shopId + ".myshopify.com";
    connected(shopId, "shopify", domain, secret);
  }

  @Test
  @DisplayName("rule: Shopify's published sample order verifies over its raw bytes and its cancellation is published; its non-number phone is named")
  void thePublishedSampleIsVerifiedAndMapped() throws Exception {
    byte[] body = resource(SAMPLE);
    deliver("orders/create", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043", body, WebhookSignaturesTests.SHOPIFY_SAMPLE_SIGNATURE)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(1))
        .andExpect(jsonPath("$.skipped[*].field", contains("OrderCreated.buyerPhone")));

    assertThat(eventsOf(shopId))
        .singleElement()
        .isEqualTo(new OrderClosed("shopify:820982911946154508:closed", OrderEvent.SCHEMA_VERSION, shopId, "820982911946154508",
            Instant.parse("2020-09-10T08:26:51Z"), "cancelled (customer)"));
  }

  @Test
  @DisplayName("rule: an unpaid order (financial_status pending) becomes OrderCreated with the buyer, phone, amount and time Shopify gave")
  void anUnpaidOrderBecomesOrderCreated() throws Exception {
    long orderId = ORDER_IDS.incrementAndGet();
    deliver("orders/create", "w-1", order(orderId, "pending", "2025-06-01T10:00:00+08:00")).andExpect(jsonPath("$.accepted").value(1));

    assertThat(eventsOf(shopId))
        .singleElement()
        .isEqualTo(new OrderCreated("shopify:" + orderId + ":created", OrderEvent.SCHEMA_VERSION, shopId, Long.toString(orderId),
            Instant.parse("2025-06-01T02:00:00Z"), "115310627314723954", "+8613800138000", null, null, new Money(25498L, "USD"),
            "Aviator sunglasses ×1, Mid-century lounger ×1", "leave at the door", null, false));
  }

  @Test
  @DisplayName("rule: orders/paid and an orders/updated that says paid publish one OrderPaid; an update that changes no payment publishes nothing")
  void paymentIsPublishedOnceWhicheverTopicTellsIt() throws Exception {
    long orderId = ORDER_IDS.incrementAndGet();
    deliver("orders/create", "w-1", order(orderId, "pending", "2025-06-01T10:00:00+08:00")).andExpect(jsonPath("$.accepted").value(1));
    deliver("orders/updated", "w-2", order(orderId, "pending", "2025-06-01T10:05:00+08:00"))
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.duplicates").value(0));
    deliver("orders/paid", "w-3", order(orderId, "paid", "2025-06-01T11:00:00+08:00")).andExpect(jsonPath("$.accepted").value(1));
    deliver("orders/updated", "w-4", order(orderId, "paid", "2025-06-01T11:00:01+08:00"))
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.duplicates").value(1));
    deliver("orders/updated", "w-5", order(orderId, "paid", "2025-06-02T09:00:00+08:00")) // fulfilled, say
        .andExpect(jsonPath("$.accepted").value(0));

    List<OrderEvent> events = eventsOf(shopId);
    assertThat(events).extracting(e -> e.getClass().getSimpleName()).containsExactly("OrderCreated", "OrderPaid");
    assertThat((OrderPaid) events.get(1))
        .isEqualTo(new OrderPaid("shopify:" + orderId + ":paid", OrderEvent.SCHEMA_VERSION, shopId, Long.toString(orderId),
            Instant.parse("2025-06-01T03:00:00Z"), new Money(25498L, "USD"), Instant.parse("2025-06-01T03:00:00Z")));
  }

  @Test
  @DisplayName("rule: each topic and status makes its event: paid at checkout, cancelled, voided by an update")
  void eachTopicAndStatusMakesItsEvent() throws Exception {
    long card = ORDER_IDS.incrementAndGet();
    long cancelled = ORDER_IDS.incrementAndGet();
    long voided = ORDER_IDS.incrementAndGet();
    deliver("orders/create", "c-1", order(card, "paid", "2025-06-01T10:00:00+08:00")).andExpect(jsonPath("$.accepted").value(2));
    deliver("orders/create", "x-1", order(cancelled, "pending", "2025-06-01T10:00:00+08:00")).andExpect(status().isOk());
    deliver("orders/cancelled", "x-2", bytes(tree(cancelled, "voided", "2025-06-01T12:00:00+08:00"), o -> {
      o.put("cancelled_at", "2025-06-01T12:00:00+08:00");
      o.put("cancel_reason", "customer");
    })).andExpect(jsonPath("$.accepted").value(1));
    deliver("orders/create", "v-1", order(voided, "pending", "2025-06-01T10:00:00+08:00")).andExpect(status().isOk());
    deliver("orders/updated", "v-2", order(voided, "voided", "2025-06-03T10:00:00+08:00")).andExpect(jsonPath("$.accepted").value(1));

    List<OrderEvent> events = eventsOf(shopId);
    assertThat(ofOrder(events, card)).extracting(e -> e.getClass().getSimpleName()).containsExactly("OrderCreated", "OrderPaid");
    assertThat(ofOrder(events, cancelled)).last().isInstanceOfSatisfying(OrderClosed.class, c -> {
      assertThat(c.reason()).isEqualTo("cancelled (customer)");
      assertThat(c.occurredAt()).isEqualTo(Instant.parse("2025-06-01T04:00:00Z"));
    });
    assertThat(ofOrder(events, voided)).last().isInstanceOfSatisfying(OrderClosed.class, c -> assertThat(c.reason()).isEqualTo("payment voided"));
  }

  @Test
  @DisplayName("rule: a redelivered webhook (same X-Shopify-Webhook-Id, same body) is acknowledged and changes nothing")
  void aRedeliveryChangesNothing() throws Exception {
    byte[] body = order(ORDER_IDS.incrementAndGet(), "pending", "2025-06-01T10:00:00+08:00");
    deliver("orders/create", "same-id", body).andExpect(jsonPath("$.accepted").value(1));
    deliver("orders/create", "same-id", body)
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.duplicates").value(1));
    assertThat(eventsOf(shopId)).hasSize(1);
  }

  @Test
  @DisplayName("rule: a forged, missing, hex-encoded or re-serialised-body signature is a 401 that changes nothing")
  void forgedSignaturesAreRefused() throws Exception {
    byte[] body = resource(SAMPLE);
    byte[] compact = EventJson.mapper().writeValueAsBytes(EventJson.mapper().readTree(body));
    byte[] hmac = java.util.Base64.getDecoder().decode(sign(body, secret));
    for (String forged : Arrays.asList(
        sign(body, "some-other-secret-0123456789"),
        null,
        "",
        "not base64 !",
        HexFormat.of().formatHex(hmac),
        sign(compact, secret))) {
      refused(deliver("orders/create", "forged", body, forged));
    }
    byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"254.98\"", "\"0.01\"").getBytes(StandardCharsets.UTF_8);
    refused(deliver("orders/create", "tampered", tampered, sign(body, secret)));
    assertThat(eventsOf(shopId)).isEmpty();
  }

  @Test
  @DisplayName("rule: an unknown store is answered exactly like a bad signature")
  void anUnknownStoreRevealsNothing() throws Exception {
    byte[] body = resource(SAMPLE);
    MvcResult unknown = refused(deliverTo("nobody-here.myshopify.com", "orders/create", body, sign(body, secret)));
    MvcResult badSignature = refused(deliver("orders/create", "w", body, sign(body, "wrong-secret-0123456789")));
    MvcResult noDomain = refused(deliverTo(null, "orders/create", body, sign(body, secret)));
    assertThat(unknown.getResponse().getContentAsString()).isEqualTo(badSignature.getResponse().getContentAsString());
    assertThat(noDomain.getResponse().getContentAsString()).isEqualTo(badSignature.getResponse().getContentAsString());
  }

  @Test
  @DisplayName("rule: shop A's secret cannot post for shop B's store, and A's orders never reach B")
  void oneShopCannotPostForAnother() throws Exception {
    String otherShop = newShopId();
    createShop(otherShop);
    String otherDomain = otherShop + ".myshopify.com";
    connected(otherShop, "shopify", otherDomain, "the-other-shops-secret-0123456789");

    byte[] body = order(ORDER_IDS.incrementAndGet(), "pending", "2025-06-01T10:00:00+08:00");
    refused(deliverTo(otherDomain, "orders/create", body, sign(body, secret)));
    deliver("orders/create", "a-1", body).andExpect(jsonPath("$.accepted").value(1));

    assertThat(eventsOf(otherShop)).isEmpty();
    assertThat(eventsOf(shopId)).hasSize(1);
  }

  @Test
  @DisplayName("rule: a verified body that is not a Shopify order is a 400 problem; an unsigned one is a 401 before it is read")
  void malformedBodiesAreProblems() throws Exception {
    for (String body : List.of("{\"id\": ", "[1, 2]", "{\"financial_status\": \"pending\"}", "")) {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      deliver("orders/create", "m", bytes, sign(bytes, secret))
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
      refused(deliver("orders/create", "m", bytes, sign(bytes, "wrong-secret-0123456789")));
    }
    byte[] huge = new byte[5 * 1024 * 1024];
    Arrays.fill(huge, (byte) ' ');
    deliver("orders/create", "big", huge, sign(huge, secret))
        .andExpect(status().is(413))
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(eventsOf(shopId)).isEmpty();
  }

  @Test
  @DisplayName("rule: a topic Cuifu does not read is acknowledged (so Shopify keeps the subscription) and named")
  void anotherTopicIsAcknowledgedAndNamed() throws Exception {
    deliver("products/update", "p", order(ORDER_IDS.incrementAndGet(), "pending", "2025-06-01T10:00:00+08:00"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.skipped[*].field", hasItem("X-Shopify-Topic")));
    assertThat(eventsOf(shopId)).isEmpty();
  }

  /** The published sample as another order: a COD order placed at {@code at}, in the given financial status. */
  private static ObjectNode tree(long orderId, String financialStatus, String at) {
    ObjectNode order = sample(SAMPLE);
    order.put("id", orderId);
    order.put("financial_status", financialStatus);
    order.putNull("cancelled_at");
    order.putNull("cancel_reason");
    order.put("test", false);
    order.put("gateway", "Cash on Delivery (COD)");
    order.put("note", "leave at the door");
    order.put("created_at", "2025-06-01T10:00:00+08:00");
    order.put("processed_at", "2025-06-01T10:00:00+08:00");
    order.put("updated_at", at);
    ((ObjectNode) order.get("billing_address")).put("phone", "+86 138 0013 8000");
    return order;
  }

  private static byte[] order(long orderId, String financialStatus, String at) {
    return bytes(tree(orderId, financialStatus, at), o -> {});
  }

  private static List<OrderEvent> ofOrder(List<OrderEvent> events, long orderId) {
    return events.stream().filter(e -> e.orderId().equals(Long.toString(orderId))).toList();
  }

  private ResultActions deliver(String topic, String webhookId, byte[] body) throws Exception {
    return deliver(topic, webhookId, body, sign(body, secret));
  }

  private ResultActions deliver(String topic, String webhookId, byte[] body, String signature) throws Exception {
    var request = post("/webhooks/v1/shopify")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Shopify-Topic", topic)
        .header("X-Shopify-Shop-Domain", domain)
        .header("X-Shopify-Webhook-Id", webhookId)
        .header("X-Shopify-API-Version", "2025-10")
        .content(body);
    if (signature != null) {
      request.header("X-Shopify-Hmac-Sha256", signature);
    }
    return mvc.perform(request);
  }

  private ResultActions deliverTo(String shopDomain, String topic, byte[] body, String signature) throws Exception {
    var request = post("/webhooks/v1/shopify")
        .contentType(MediaType.APPLICATION_JSON)
        .header("X-Shopify-Topic", topic)
        .header("X-Shopify-Hmac-Sha256", signature)
        .content(body);
    if (shopDomain != null) {
      request.header("X-Shopify-Shop-Domain", shopDomain);
    }
    return mvc.perform(request);
  }

  static MvcResult refused(ResultActions answer) throws Exception {
    return answer
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().exists("WWW-Authenticate"))
        .andExpect(jsonPath("$.detail").value("The webhook's signature could not be verified."))
        .andReturn();
  }
}
