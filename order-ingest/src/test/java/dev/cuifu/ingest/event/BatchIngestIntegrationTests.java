package dev.cuifu.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

class BatchIngestIntegrationTests extends IngestIntegrationTest {

  private String shopId;
  private String apiKey;

  @BeforeEach
  void shop() throws Exception {
    shopId = newShopId();
    apiKey = createShop(shopId);
  }

  @Test
  void aBatchOf1000IsPublishedInFull() throws Exception {
    postBatch(apiKey, batch(1000))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(1000))
        .andExpect(jsonPath("$.duplicates").value(0));
    List<ConsumerRecord<String, String>> records = TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId));
    assertThat(records).hasSize(1000);
    assertThat(records).extracting(ConsumerRecord::key).doesNotHaveDuplicates();
  }

  @Test
  void aBatchOf1001IsRejectedNamingEvents() throws Exception {
    postBatch(apiKey, batch(1001))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[0].field").value("events"));
    postBatch(apiKey, "{\"events\": []}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("events"));
    assertThat(TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId), Duration.ofMillis(500))).isEmpty();
  }

  @Test
  void badEventsInABatchAreNamedByIndexAndNothingIsPublished() throws Exception {
    String events =
        IntStream.range(0, 5)
            .mapToObj(
                i ->
                    switch (i) {
                      case 3 -> orderCreated("e-3", "o-3", "not a phone", 100);
                      case 4 -> orderCreated("e-4", "o-4").replace("\"OrderCreated\"", "\"Nope\"");
                      default -> orderCreated("e-" + i, "o-" + i);
                    })
            .collect(Collectors.joining(",", "{\"events\": [", "]}"));
    postBatch(apiKey, events)
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.errors[*].field", containsInAnyOrder("events[3].buyerPhone", "events[4].type")));
    assertThat(TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId), Duration.ofMillis(500))).isEmpty();
  }

  @Test
  void aRepeatedEventIdWithinABatchIsPublishedOnce() throws Exception {
    String events =
        "{\"events\": [" + orderCreated("same", "o-1") + "," + orderCreated("same", "o-1") + "," + orderCreated("other", "o-2") + "]}";
    postBatch(apiKey, events)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(2))
        .andExpect(jsonPath("$.duplicates").value(1));
    postBatch(apiKey, events)
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(0))
        .andExpect(jsonPath("$.duplicates").value(3));
    assertThat(TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId))).hasSize(2);
  }

  private static String batch(int size) {
    return IntStream.range(0, size)
        .mapToObj(i -> orderCreated("evt-" + i, "order-" + i))
        .collect(Collectors.joining(",", "{\"events\": [", "]}"));
  }
}
