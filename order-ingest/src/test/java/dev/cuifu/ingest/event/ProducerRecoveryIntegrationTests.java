package dev.cuifu.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.TopicReader;
import dev.cuifu.testing.TestInfrastructure;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.test.context.TestPropertySource;

/**
 * When the service's transactional producer is fenced (another producer took over its
 * transactional id, as after a zombie instance), the request in flight gets a 503 and leaves
 * nothing behind, and the next request works on a fresh producer: the failed one was closed and
 * replaced, not handed out again.
 *
 * <p>A context of its own (the property below), because it breaks the producer on purpose.
 */
@TestPropertySource(properties = "cuifu.ingest.send-timeout=5s")
class ProducerRecoveryIntegrationTests extends IngestIntegrationTest {

  @Autowired ProducerFactory<String, Object> producerFactory;

  @Test
  void aFencedProducerIsReplacedAndTheRetryIsAcceptedInFull() throws Exception {
    String shopId = newShopId();
    String apiKey = createShop(shopId); // the service's producer now exists, with suffix 0
    postEvent(apiKey, orderCreated("before", "o-1")).andExpect(status().isAccepted());

    fence(producerFactory.getTransactionIdPrefix() + "0");

    postEvent(apiKey, orderCreated("during", "o-2"))
        .andExpect(status().isServiceUnavailable())
        .andExpect(header().string(HttpHeaders.RETRY_AFTER, "5"));

    postEvent(apiKey, orderCreated("during", "o-2"))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(1))
        .andExpect(jsonPath("$.duplicates").value(0));
    assertThat(TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId)))
        .extracting(r -> r.key())
        .containsExactlyInAnyOrder(shopId + "/o-1", shopId + "/o-2");
  }

  /** Another producer initialises the same transactional id, which fences the service's one. */
  private static void fence(String transactionalId) {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    try (KafkaProducer<String, String> zombieKiller =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      zombieKiller.initTransactions();
    }
  }
}
