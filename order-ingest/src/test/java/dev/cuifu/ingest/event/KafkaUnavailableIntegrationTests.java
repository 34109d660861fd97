package dev.cuifu.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.OrderIngestApplication;
import dev.cuifu.ingest.shop.ApiKeys;
import dev.cuifu.ingest.shop.Shop;
import dev.cuifu.ingest.shop.ShopRepository;
import dev.cuifu.testing.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** A context whose broker is a closed port: nothing is accepted, and the client is told to retry. */
@SpringBootTest(properties = "spring.config.name=" + OrderIngestApplication.CONFIG_NAME)
@AutoConfigureMockMvc
class KafkaUnavailableIntegrationTests {

  private static final String SCHEMA = TestInfrastructure.uniqueName("ingest_down");

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    IngestIntegrationTest.database(registry, SCHEMA);
    registry.add("spring.kafka.bootstrap-servers", () -> "localhost:1");
    registry.add("spring.kafka.admin.auto-create", () -> false);
    registry.add("spring.kafka.producer.properties.max.block.ms", () -> 1500);
    registry.add("cuifu.ingest.operator-token", () -> IngestIntegrationTest.OPERATOR_TOKEN);
    registry.add("cuifu.ingest.retry-after", () -> "7s");
    registry.add("management.health.kafka.timeout", () -> "500ms");
  }

  @Autowired MockMvc mvc;
  @Autowired ShopRepository shops;
  @Autowired JdbcTemplate jdbc;

  @Test
  void eventsAreRefusedWith503AndRetryAfterAndNothingIsRecorded() throws Exception {
    String shopId = "down-shop";
    String apiKey = ApiKeys.generate();
    Instant now = Instant.now();
    shops.insert(new Shop(shopId, "Down", Duration.ofMinutes(30), "+15005550006", ZoneId.of("Asia/Shanghai"), null, now, now));
    shops.insertKey(shopId, ApiKeys.sha256Hex(apiKey), now);

    for (int attempt = 0; attempt < 2; attempt++) {
      mvc.perform(
              post("/api/v1/events")
                  .header("X-Api-Key", apiKey)
                  .contentType(MediaType.APPLICATION_JSON)
                  .content(IngestIntegrationTest.orderCreated("evt-1", "order-1")))
          .andExpect(status().isServiceUnavailable())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(header().string(HttpHeaders.RETRY_AFTER, "7"))
          .andExpect(jsonPath("$.status").value(503));
    }
    assertThat(jdbc.queryForObject("SELECT count(*) FROM accepted_event WHERE shop_id = ?", Integer.class, shopId))
        .isZero();
  }

  @Test
  void shopsAreNotCreatedWhileKafkaIsDown() throws Exception {
    mvc.perform(
            post("/admin/v1/shops")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + IngestIntegrationTest.OPERATOR_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"shopId\": \"never-shop\", \"name\": \"Never\", \"smsFrom\": \"+15005550006\"}"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string(HttpHeaders.RETRY_AFTER, "7"));
    assertThat(jdbc.queryForObject("SELECT count(*) FROM shop WHERE shop_id = 'never-shop'", Integer.class)).isZero();
  }

  @Test
  void readinessIsDownWithKafkaDown() throws Exception {
    mvc.perform(get("/actuator/health/readiness"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(jsonPath("$.components.kafka.status").value("DOWN"))
        .andExpect(jsonPath("$.components.db.status").value("UP"));
  }
}
