package dev.cuifu.ingest;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.testing.TestInfrastructure;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

/**
 * Base of the integration tests that share one application context: the real broker and the real
 * PostgreSQL of {@link TestInfrastructure}, with topics and a schema of their own. Tests isolate
 * themselves from each other by creating a shop of their own.
 */
@SpringBootTest(properties = "spring.config.name=" + OrderIngestApplication.CONFIG_NAME)
@AutoConfigureMockMvc
public abstract class IngestIntegrationTest {

  public static final String OPERATOR_TOKEN = "operator-token-for-tests-0123456789";
  public static final String MANAGEMENT_TOKEN = "management-token-for-tests-0123456789";
  public static final String SCHEMA = TestInfrastructure.uniqueName("ingest");
  public static final String ORDERS_TOPIC = TestInfrastructure.uniqueName("orders");
  public static final String SHOPS_TOPIC = TestInfrastructure.uniqueName("shops");

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    database(registry, SCHEMA);
    registry.add("spring.kafka.bootstrap-servers", TestInfrastructure::kafkaBootstrapServers);
    registry.add("cuifu.ingest.operator-token", () -> OPERATOR_TOKEN);
    registry.add("cuifu.management.token", () -> MANAGEMENT_TOKEN);
    registry.add("cuifu.ingest.topics.orders", () -> ORDERS_TOPIC);
    registry.add("cuifu.ingest.topics.orders-partitions", () -> 3);
    registry.add("cuifu.ingest.topics.shops", () -> SHOPS_TOPIC);
    registry.add("cuifu.ingest.api-keys.retire-check", () -> "PT0.5S");
  }

  /** A schema of its own for one Spring context. */
  public static void database(DynamicPropertyRegistry registry, String schema) {
    registry.add("spring.datasource.url", () -> TestInfrastructure.jdbcUrl(schema));
    registry.add("spring.datasource.username", TestInfrastructure::dbUser);
    registry.add("spring.datasource.password", TestInfrastructure::dbPassword);
    registry.add("spring.flyway.schemas", () -> schema);
    registry.add("spring.flyway.default-schema", () -> schema);
    registry.add("spring.datasource.hikari.maximum-pool-size", () -> 5);
  }

  @Autowired protected MockMvc mvc;

  /** Creates a shop through the admin API and returns its API key. */
  protected String createShop(String shopId) throws Exception {
    String body =
        mvc.perform(
                post("/admin/v1/shops")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(
                        """
                        {"shopId": "%s", "name": "Test shop", "smsDelay": "PT10S", "smsFrom": "+15005550006"}
                        """
                            .formatted(shopId)))
            .andExpect(status().isCreated())
            .andReturn()
            .getResponse()
            .getContentAsString();
    return (String) EventJson.mapper().readValue(body, Map.class).get("apiKey");
  }

  protected ResultActions postEvent(String apiKey, String json) throws Exception {
    return mvc.perform(
        post("/api/v1/events").header("X-Api-Key", apiKey).contentType(MediaType.APPLICATION_JSON).content(json));
  }

  protected ResultActions postBatch(String apiKey, String json) throws Exception {
    return mvc.perform(
        post("/api/v1/events/batch")
            .header("X-Api-Key", apiKey)
            .contentType(MediaType.APPLICATION_JSON)
            .content(json));
  }

  /** A unique shop id matching the shop id pattern. */
  protected static String newShopId() {
    return TestInfrastructure.uniqueName("shop").replace('_', '-');
  }

  /** A valid OrderCreated body (no shopId, no schemaVersion: the server stamps them). */
  public static String orderCreated(String eventId, String orderId) {
    return orderCreated(eventId, orderId, "+86 138 0013 8000", 12900);
  }

  public static String orderCreated(String eventId, String orderId, String phone, long minor) {
    return """
        {"type": "OrderCreated", "eventId": "%s", "orderId": "%s", "occurredAt": "2025-06-01T08:00:00Z",
         "buyerId": "buyer-1", "buyerPhone": "%s", "amount": {"minor": %d, "currency": "CNY"},
         "itemSummary": "Tea set", "paymentDeadline": "2025-06-04T08:00:00Z"}"""
        .formatted(eventId, orderId, phone, minor);
  }
}
