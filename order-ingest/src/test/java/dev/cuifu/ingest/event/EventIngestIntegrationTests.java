package dev.cuifu.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.TopicReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.ResultActions;

class EventIngestIntegrationTests extends IngestIntegrationTest {

  @Autowired private JdbcTemplate jdbc;

  private String shopId;
  private String apiKey;

  @BeforeEach
  void shop() throws Exception {
    shopId = newShopId();
    apiKey = createShop(shopId);
  }

  @Test
  void aValidOrderCreatedIsPublishedOnceNormalisedAndStamped() throws Exception {
    postEvent(apiKey, orderCreated("evt-1", "order-1", "+86 138-0013-8000", 12900))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(1))
        .andExpect(jsonPath("$.duplicates").value(0));

    List<ConsumerRecord<String, String>> records = onTopic();
    assertThat(records).hasSize(1);
    assertThat(records.get(0).key()).isEqualTo(shopId + "/order-1");
    OrderEvent event = EventJson.mapper().readValue(records.get(0).value(), OrderEvent.class);
    assertThat(event).isInstanceOf(OrderCreated.class);
    OrderCreated created = (OrderCreated) event;
    assertThat(created.shopId()).isEqualTo(shopId);
    assertThat(created.schemaVersion()).isEqualTo(OrderEvent.SCHEMA_VERSION);
    assertThat(created.buyerPhone()).isEqualTo("+8613800138000");
    assertThat(created.amount().minor()).isEqualTo(12900);
  }

  @Test
  void theShopIdInTheBodyIsOverwrittenByTheApiKeysShop() throws Exception {
    postEvent(apiKey, orderCreated("evt-1", "order-1").replace("{\"type\"", "{\"shopId\": \"someone-else\", \"type\""))
        .andExpect(status().isAccepted());
    assertThat(onTopic()).singleElement().satisfies(r -> assertThat(r.key()).isEqualTo(shopId + "/order-1"));
  }

  @Test
  void orderPaidAndOrderClosedAreAccepted() throws Exception {
    postEvent(
            apiKey,
            """
            {"type": "OrderPaid", "eventId": "p-1", "orderId": "o-1", "occurredAt": "2025-06-01T09:00:00Z",
             "amount": {"minor": 100, "currency": "CNY"}, "paidAt": "2025-06-01T09:00:00Z"}""")
        .andExpect(status().isAccepted());
    postEvent(
            apiKey,
            """
            {"type": "OrderClosed", "eventId": "c-1", "orderId": "o-2", "occurredAt": "2025-06-01T09:00:00Z",
             "reason": "timeout"}""")
        .andExpect(status().isAccepted());
    assertThat(onTopic()).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(shopId + "/o-1", shopId + "/o-2");
  }

  @Test
  @DisplayName("rule: the ledger's digest of an event is the SHA-256 of the record as published, byte for byte")
  void theLedgerDigestIsTakenFromThePublishedRecord() throws Exception {
    postEvent(apiKey, orderCreated("evt-digest", "order-1").replace("2025-06-01T08:00:00Z", "2025-06-01T16:00:00.250+08:00"))
        .andExpect(status().isAccepted());
    String published = onTopic().get(0).value();
    assertThat(published).contains("\"occurredAt\":\"2025-06-01T08:00:00.250Z\"");
    String sha256 =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(published.getBytes(StandardCharsets.UTF_8)));
    assertThat(jdbc.queryForObject(
            "select content_sha256 from accepted_event where shop_id = ? and event_id = ?", String.class, shopId, "evt-digest"))
        .isEqualTo(sha256);
  }

  @Test
  void theSameEventIdTwiceIsPublishedOnce() throws Exception {
    postEvent(apiKey, orderCreated("evt-dup", "order-1"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(1))
        .andExpect(jsonPath("$.duplicates").value(0));
    postEvent(apiKey, orderCreated("evt-dup", "order-1"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.duplicates").value(1));
    assertThat(onTopic()).hasSize(1);
  }

  @Test
  @DisplayName("rule: an event id reused with other content is a 409 naming it, and nothing of that request is published")
  void anEventIdReusedWithOtherContentIsAConflict() throws Exception {
    postEvent(apiKey, orderCreated("evt-reused", "order-1")).andExpect(status().isAccepted());
    // the same content written differently (another offset for the same instant) is a duplicate
    postEvent(apiKey, orderCreated("evt-reused", "order-1").replace("2025-06-01T08:00:00Z", "2025-06-01T16:00:00+08:00"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.duplicates").value(1));
    postEvent(apiKey, orderCreated("evt-reused", "order-2"))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.detail").value(containsString("'evt-reused'")));
    String batch = "{\"events\": [%s, %s]}".formatted(orderCreated("evt-new", "order-3"), orderCreated("evt-reused", "order-4"));
    postBatch(apiKey, batch).andExpect(status().isConflict());
    String twiceInOneBatch = "{\"events\": [%s, %s]}".formatted(orderCreated("evt-twice", "order-5"), orderCreated("evt-twice", "order-6"));
    postBatch(apiKey, twiceInOneBatch).andExpect(status().isConflict());
    assertThat(onTopic()).extracting(ConsumerRecord::key).containsExactly(shopId + "/order-1");
    // the refused request left no ledger row behind: the new event is accepted on its own
    postEvent(apiKey, orderCreated("evt-new", "order-3")).andExpect(jsonPath("$.accepted").value(1));
  }

  @Test
  void malformedJsonSaysWhere() throws Exception {
    rejected(postEvent(apiKey, "{\"type\": \"OrderCreated\",\n \"eventId\": }"))
        .andExpect(jsonPath("$.line").value(2))
        .andExpect(jsonPath("$.column").isNumber())
        .andExpect(jsonPath("$.detail", containsString("line 2")));
    assertNothingOnTopic();
  }

  @Test
  void aMissingFieldIsNamed() throws Exception {
    rejected(postEvent(apiKey, orderCreated("evt-1", "order-1").replace("\"buyerId\": \"buyer-1\",", "")))
        .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("buyerId")));
    assertNothingOnTopic();
  }

  @Test
  void aBadPhoneNumberIsNamed() throws Exception {
    rejected(postEvent(apiKey, orderCreated("evt-1", "order-1", "12345", 100)))
        .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("buyerPhone")));
    assertNothingOnTopic();
  }

  @Test
  void aNegativeAmountIsNamed() throws Exception {
    rejected(postEvent(apiKey, orderCreated("evt-1", "order-1", "+8613800138000", -1)))
        .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("amount.minor")));
    assertNothingOnTopic();
  }

  @Test
  void everyBadFieldIsNamedAtOnce() throws Exception {
    String body =
        """
        {"type": "OrderCreated", "eventId": "", "orderId": "o-1", "occurredAt": "2025-06-01T08:00:00Z",
         "buyerPhone": "+1 555", "amount": {"minor": -5, "currency": "XXY"}, "itemSummary": "Tea"}""";
    rejected(postEvent(apiKey, body))
        .andExpect(
            jsonPath(
                "$.errors[*].field",
                containsInAnyOrder("eventId", "buyerId", "buyerPhone", "amount.minor", "amount.currency")));
    assertNothingOnTopic();
  }

  @Test
  void aWrongTypeOrAnUnknownEventTypeIsNamed() throws Exception {
    rejected(postEvent(apiKey, orderCreated("evt-1", "order-1").replace("12900", "\"lots\"")))
        .andExpect(jsonPath("$.errors[0].field").value("amount.minor"));
    rejected(postEvent(apiKey, orderCreated("evt-1", "order-1").replace("\"OrderCreated\"", "\"OrderShipped\"")))
        .andExpect(jsonPath("$.errors[0].field").value("type"))
        .andExpect(jsonPath("$.errors[0].message", containsString("must be one of OrderCreated, OrderPaid, OrderClosed")))
        .andExpect(content().string(org.hamcrest.Matchers.not(containsString("OrderShipped")))); // the value is never quoted
    rejected(postEvent(apiKey, orderCreated("evt-1", "order-1").replace("\"type\": \"OrderCreated\",", "")))
        .andExpect(jsonPath("$.errors[0].field").value("type"));
    rejected(postEvent(apiKey, orderCreated("evt-1", "order-1").replace("2025-06-01T08:00:00Z", "yesterday")))
        .andExpect(jsonPath("$.errors[0].field").value("occurredAt"));
    assertNothingOnTopic();
  }

  @Test
  void aMissingOrWrongApiKeyIsUnauthorized() throws Exception {
    mvc.perform(
            org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/events")
                .contentType(MediaType.APPLICATION_JSON)
                .content(orderCreated("evt-1", "order-1")))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(401));
    postEvent("cf_not-a-key", orderCreated("evt-1", "order-1"))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    postBatch("cf_not-a-key", "{\"events\": [" + orderCreated("evt-1", "order-1") + "]}")
        .andExpect(status().isUnauthorized());
    assertNothingOnTopic();
  }

  private ResultActions rejected(ResultActions result) throws Exception {
    return result
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(400))
        .andExpect(content().string(not(containsString("at dev.cuifu"))))
        .andExpect(content().string(not(containsString("Exception"))));
  }

  private List<ConsumerRecord<String, String>> onTopic() {
    return TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId));
  }

  private void assertNothingOnTopic() {
    assertThat(TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId), Duration.ofMillis(500))).isEmpty();
  }
}
