package dev.cuifu.ingest.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.TopicReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

/** The operator rotates a shop's key with an overlap, and revokes a key at once, on both services. */
class ApiKeyRotationIntegrationTests extends IngestIntegrationTest {

  @Test
  @DisplayName("rule: after a rotation both keys work for the overlap, then only the new one, here and on the shops topic")
  void rotationKeepsTheOldKeyForTheOverlapOnly() throws Exception {
    String shopId = newShopId();
    String oldKey = createShop(shopId);
    Map<?, ?> rotated = json(admin(post("/admin/v1/shops/" + shopId + "/api-keys"), "{\"overlap\": \"PT3S\"}").andExpect(status().isCreated()));
    String newKey = (String) rotated.get("apiKey");
    assertThat(newKey).isNotBlank().isNotEqualTo(oldKey);

    postEvent(oldKey, orderCreated("e-old", "o-1")).andExpect(status().isAccepted());
    postEvent(newKey, orderCreated("e-new", "o-2")).andExpect(status().isAccepted());
    assertThat(latestKeys(shopId)).containsExactlyInAnyOrder(ApiKeys.sha256Hex(oldKey), ApiKeys.sha256Hex(newKey));

    await().atMost(Duration.ofSeconds(15))
        .untilAsserted(() -> postEvent(oldKey, orderCreated("e-late", "o-3")).andExpect(status().isUnauthorized()));
    postEvent(newKey, orderCreated("e-new-2", "o-4")).andExpect(status().isAccepted());
    await().atMost(Duration.ofSeconds(15)).until(() -> latestKeys(shopId).equals(List.of(ApiKeys.sha256Hex(newKey))));

    String listed = admin(get("/admin/v1/shops/" + shopId + "/api-keys"), null).andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
    assertThat(listed).doesNotContain(oldKey, newKey, ApiKeys.sha256Hex(newKey)).contains(rotated.get("keyId").toString());
  }

  @Test
  @DisplayName("rule: a revoked key stops at once, on the shops topic too")
  void revocationIsImmediate() throws Exception {
    String shopId = newShopId();
    String key = createShop(shopId);
    String keyId = ApiKeys.sha256Hex(key).substring(0, 12);
    admin(delete("/admin/v1/shops/" + shopId + "/api-keys/" + keyId), null).andExpect(status().isNoContent());
    postEvent(key, orderCreated("e-1", "o-1")).andExpect(status().isUnauthorized());
    await().atMost(Duration.ofSeconds(15)).until(() -> latestKeys(shopId).isEmpty());
    admin(delete("/admin/v1/shops/" + shopId + "/api-keys/" + keyId), null).andExpect(status().isNotFound());
  }

  @Test
  @DisplayName("rule: a rotation is operator-only and its overlap bounded")
  void rotationIsGuarded() throws Exception {
    String shopId = newShopId();
    createShop(shopId);
    mvc.perform(post("/admin/v1/shops/" + shopId + "/api-keys")).andExpect(status().isUnauthorized());
    admin(post("/admin/v1/shops/" + shopId + "/api-keys"), "{\"overlap\": \"P90D\"}")
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].field").value("overlap"));
    admin(post("/admin/v1/shops/" + shopId + "/api-keys"), "{\"overlapp\": \"PT1H\"}").andExpect(status().isBadRequest());
    admin(post("/admin/v1/shops/no-such-shop/api-keys"), null).andExpect(status().isNotFound());
  }

  private ResultActions admin(org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder request, String body)
      throws Exception {
    request.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN);
    if (body != null) {
      request.contentType(MediaType.APPLICATION_JSON).content(body);
    }
    return mvc.perform(request);
  }

  private static Map<?, ?> json(ResultActions result) throws Exception {
    return EventJson.mapper().readValue(result.andReturn().getResponse().getContentAsString(), Map.class);
  }

  /** The key digests of the shop's latest ShopUpdated on the shops topic. */
  private static List<String> latestKeys(String shopId) {
    List<ConsumerRecord<String, String>> records = TopicReader.committed(SHOPS_TOPIC, r -> shopId.equals(r.key()));
    return EventJson.mapper().readValue(records.get(records.size() - 1).value(), ShopUpdated.class).apiKeySha256();
  }
}
