package dev.cuifu.ingest.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.TopicReader;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

class ShopAdminIntegrationTests extends IngestIntegrationTest {

  private static final String SHOP_BODY =
      """
      {"shopId": "%s", "name": "Demo Shop", "smsDelay": "PT20S", "smsFrom": "MG0123456789abcdef0123456789abcdef"}""";

  @Test
  void creatingAShopWithoutTheOperatorTokenIsUnauthorized() throws Exception {
    String shopId = newShopId();
    mvc.perform(post("/admin/v1/shops").contentType(MediaType.APPLICATION_JSON).content(SHOP_BODY.formatted(shopId)))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, "Bearer"))
        .andExpect(jsonPath("$.status").value(401));
    mvc.perform(
            post("/admin/v1/shops")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN + "x")
                .contentType(MediaType.APPLICATION_JSON)
                .content(SHOP_BODY.formatted(shopId)))
        .andExpect(status().isUnauthorized())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    mvc.perform(get("/admin/v1/shops/" + shopId)).andExpect(status().isUnauthorized());
    // nothing was created: with the token, the shop does not exist
    mvc.perform(get("/admin/v1/shops/" + shopId).header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN))
        .andExpect(status().isNotFound())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
  }

  @Test
  void aCreatedShopGetsAWorkingApiKeyAndIsPublishedOnTheShopsTopic() throws Exception {
    String shopId = newShopId();
    String response =
        mvc.perform(
                post("/admin/v1/shops")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
                    .contentType(MediaType.APPLICATION_JSON)
                    .content(SHOP_BODY.formatted(shopId)))
            .andExpect(status().isCreated())
            .andExpect(header().string(HttpHeaders.LOCATION, "/admin/v1/shops/" + shopId))
            .andExpect(jsonPath("$.shopId").value(shopId))
            .andExpect(jsonPath("$.apiKey", startsWith("cf_")))
            .andExpect(jsonPath("$.smsDelay").value("PT20S"))
            .andExpect(jsonPath("$.timeZone").value("Asia/Shanghai"))
            .andReturn()
            .getResponse()
            .getContentAsString();
    String apiKey = EventJson.mapper().readTree(response).get("apiKey").asString();

    postEvent(apiKey, orderCreated("e-1", "o-1")).andExpect(status().isAccepted());

    mvc.perform(get("/admin/v1/shops/" + shopId).header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.name").value("Demo Shop"))
        .andExpect(jsonPath("$.smsFrom").value("MG0123456789abcdef0123456789abcdef"))
        .andExpect(jsonPath("$.liveApiKeys").value(1))
        .andExpect(jsonPath("$.apiKey").doesNotExist());
    assertThat(mvc.perform(get("/admin/v1/shops/" + shopId).header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN))
            .andReturn().getResponse().getContentAsString())
        .doesNotContain(apiKey)
        .doesNotContain(ApiKeys.sha256Hex(apiKey));

    List<ConsumerRecord<String, String>> records = TopicReader.committed(SHOPS_TOPIC, r -> shopId.equals(r.key()));
    assertThat(records).hasSize(1);
    ShopUpdated published = EventJson.mapper().readValue(records.get(0).value(), ShopUpdated.class);
    assertThat(published.shopId()).isEqualTo(shopId);
    assertThat(published.schemaVersion()).isEqualTo(ShopUpdated.SCHEMA_VERSION);
    assertThat(published.smsDelay()).isEqualTo(Duration.ofSeconds(20));
    assertThat(published.timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
    assertThat(published.apiKeySha256()).containsExactly(ApiKeys.sha256Hex(apiKey));
    assertThat(records.get(0).value()).doesNotContain(apiKey);
  }

  @Test
  void anExistingShopIsAConflict() throws Exception {
    String shopId = newShopId();
    createShop(shopId);
    mvc.perform(
            post("/admin/v1/shops")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(SHOP_BODY.formatted(shopId)))
        .andExpect(status().isConflict())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
    assertThat(TopicReader.committed(SHOPS_TOPIC, r -> shopId.equals(r.key()))).hasSize(1);
  }

  @Test
  void anInvalidShopNamesEveryBadField() throws Exception {
    mvc.perform(
            post("/admin/v1/shops")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN)
                .contentType(MediaType.APPLICATION_JSON)
                .content(
                    """
                    {"shopId": "Bad Shop!", "name": "", "smsDelay": "P4D", "smsFrom": "12345", "timeZone": "Mars/Olympus"}"""))
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(
            jsonPath("$.errors[*].field", containsInAnyOrder("shopId", "name", "smsDelay", "smsFrom", "timeZone")));
  }
}
