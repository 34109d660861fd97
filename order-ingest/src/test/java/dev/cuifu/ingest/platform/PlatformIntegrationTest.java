package dev.cuifu.ingest.platform;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.TopicReader;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.node.ObjectNode;

/** Helpers of the platform webhook tests: sample payloads, signing, connecting a store, reading the topic. */
public abstract class PlatformIntegrationTest extends IngestIntegrationTest {

  /** The secrets the expected signatures in platform/README.md were computed with. */
  public static final String SHOPIFY_SAMPLE_SECRET = "shpss_cuifu_sample_secret_0123456789";

  public static final String WOO_SAMPLE_SECRET = "wc_cuifu_sample_secret_0123456789";

  public static byte[] resource(String path) {
    try (InputStream in = PlatformIntegrationTest.class.getResourceAsStream("/platform/" + path)) {
      if (in == null) {
        throw new IllegalStateException("no test resource platform/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A sample as a tree to derive other orders from. */
  public static ObjectNode sample(String path) {
    return (ObjectNode) EventJson.mapper().readTree(resource(path));
  }

  public static byte[] bytes(ObjectNode tree, Consumer<ObjectNode> change) {
    ObjectNode copy = tree.deepCopy();
    change.accept(copy);
    return EventJson.mapper().writeValueAsBytes(copy);
  }

  public static String sign(byte[] body, String secret) {
    return WebhookSignatures.hmacSha256Base64(body, secret);
  }

  // what each test connected, disconnected after it: a secret verifies for one store only, and
  // every test class of the JVM shares one schema, so the sample secrets must be free for the next test
  private final Queue<List<String>> connectedStores = new ConcurrentLinkedQueue<>();

  protected ResultActions connect(String shopId, String platform, String account, String secret) throws Exception {
    ResultActions result = mvc.perform(
        put("/admin/v1/shops/{shopId}/platforms/{platform}", shopId, platform)
            .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
            .contentType(MediaType.APPLICATION_JSON)
            .content("{\"account\": \"%s\", \"secret\": \"%s\"}".formatted(account, secret)));
    if (result.andReturn().getResponse().getStatus() == 200) {
      connectedStores.add(List.of(shopId, platform));
    }
    return result;
  }

  @AfterEach
  void disconnectStores() throws Exception {
    for (List<String> store; (store = connectedStores.poll()) != null; ) {
      mvc.perform(delete("/admin/v1/shops/{shopId}/platforms/{platform}", store.get(0), store.get(1))
          .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)); // 204, or 404 if the test disconnected it
    }
  }

  protected void connected(String shopId, String platform, String account, String secret) throws Exception {
    connect(shopId, platform, account, secret).andExpect(status().isOk());
  }

  /** The shop's events on the orders topic, oldest first per partition. */
  protected static List<OrderEvent> eventsOf(String shopId) {
    return TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId), Duration.ofMillis(300)).stream()
        .map(r -> EventJson.mapper().readValue(r.value(), OrderEvent.class))
        .toList();
  }
}
