package dev.cuifu.ingest.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.ShopUpdated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.ingest.IngestIntegrationTest;
import dev.cuifu.ingest.TopicReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Phone numbers as shops send them: a shop's phoneRegion, set at creation or changed later, lets
 * ingest read national numbers; a number an SMS cannot reach is refused with the reason.
 */
class PhoneRegionIntegrationTests extends IngestIntegrationTest {

  @Test
  @DisplayName("rule: a shop with region CN posts 13800138000 and the topic carries +8613800138000")
  void aNationalNumberIsPublishedInE164() throws Exception {
    String shopId = newShopId();
    String apiKey = createShop(shopId, "\"CN\"");

    postEvent(apiKey, orderCreated("evt-1", "order-1", "13800138000", 12900)).andExpect(status().isAccepted());
    postBatch(
            apiKey,
            "{\"events\": [%s, %s]}"
                .formatted(
                    orderCreated("evt-2", "order-2", "139 0013 9000", 100),
                    orderCreated("evt-3", "order-3", "+1 415 555 0100", 100)))
        .andExpect(status().isAccepted())
        .andExpect(jsonPath("$.accepted").value(2));

    assertThat(phonesOnTopic(shopId)).containsExactlyInAnyOrder("+8613800138000", "+8613900139000", "+14155550100");
  }

  @Test
  @DisplayName("rule: a Chinese fixed line is refused: 400 naming buyerPhone with the reason, the number masked, nothing published")
  void aFixedLineIsRefusedWithTheReason() throws Exception {
    String shopId = newShopId();
    String apiKey = createShop(shopId, "\"CN\"");

    refused(postEvent(apiKey, orderCreated("evt-1", "order-1", "010 12345678", 12900)))
        .andExpect(jsonPath("$.errors[0].field").value("buyerPhone"))
        .andExpect(jsonPath("$.errors[0].message", allOf(containsString("fixed-line"), containsString("+86 101***5678"))))
        .andExpect(content().string(not(containsString("12345678"))));
    refused(
            postBatch(
                apiKey,
                "{\"events\": [%s, %s]}"
                    .formatted(
                        orderCreated("evt-2", "order-2", "13800138000", 100),
                        orderCreated("evt-3", "order-3", "+86 10 1234 5678", 100))))
        .andExpect(jsonPath("$.errors[0].field").value("events[1].buyerPhone"))
        .andExpect(jsonPath("$.errors[0].message", containsString("fixed-line")));

    assertThat(TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId), Duration.ofMillis(500)))
        .as("nothing of either request is published")
        .isEmpty();
  }

  @Test
  @DisplayName("rule: a shop without a region is refused 13800138000 as before, and told to set phoneRegion")
  void withoutARegionANationalNumberIsRefused() throws Exception {
    String shopId = newShopId();
    String apiKey = createShop(shopId);
    admin(get("/admin/v1/shops/" + shopId)).andExpect(status().isOk()).andExpect(jsonPath("$.phoneRegion", nullValue()));

    refused(postEvent(apiKey, orderCreated("evt-1", "order-1", "13800138000", 12900)))
        .andExpect(jsonPath("$.errors[0].field").value("buyerPhone"))
        .andExpect(jsonPath("$.errors[0].message", allOf(containsString("phoneRegion"), containsString("E.164"))))
        .andExpect(content().string(not(containsString("13800138000"))));
    assertThat(TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId), Duration.ofMillis(500))).isEmpty();
  }

  @Test
  @DisplayName("rule: a region code libphonenumber has no numbers for is a 400 naming phoneRegion, at creation and at change")
  void anInvalidRegionIsRefused() throws Exception {
    String shopId = newShopId();
    for (String region : new String[] {"\"XX\"", "\"CHN\"", "\"001\"", "\"\"", "86"}) {
      admin(post("/admin/v1/shops").contentType(MediaType.APPLICATION_JSON).content(shopBody(shopId, region)))
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.errors[0].field").value("phoneRegion"));
    }
    admin(get("/admin/v1/shops/" + shopId)).andExpect(status().isNotFound());

    createShop(shopId, "\"CN\"");
    String[][] badChanges = {
      {"{\"phoneRegion\": \"ZZ\"}", "phoneRegion"}, {"{\"phoneRegion\": 86}", "phoneRegion"}, {"{\"phoneRegon\": \"US\"}", "phoneRegon"}
    };
    for (String[] bad : badChanges) {
      change(shopId, bad[0])
          .andExpect(status().isBadRequest())
          .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
          .andExpect(jsonPath("$.errors[0].field").value(bad[1]));
    }
    admin(get("/admin/v1/shops/" + shopId)).andExpect(jsonPath("$.phoneRegion").value("CN"));
    change("no-such-shop", "{\"phoneRegion\": \"US\"}").andExpect(status().isNotFound());
  }

  @Test
  @DisplayName("rule: a region change applies to the next events, and clearing it brings back E.164 only")
  void aRegionChangeAppliesToTheNextEvents() throws Exception {
    String shopId = newShopId();
    String apiKey = createShop(shopId);
    refused(postEvent(apiKey, orderCreated("evt-1", "order-1", "13800138000", 100)));

    change(shopId, "{\"phoneRegion\": \"cn\"}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.phoneRegion").value("CN"))
        .andExpect(jsonPath("$.apiKey").doesNotExist());
    postEvent(apiKey, orderCreated("evt-1", "order-1", "13800138000", 100)).andExpect(status().isAccepted());

    change(shopId, "{\"phoneRegion\": \"US\"}").andExpect(status().isOk());
    postEvent(apiKey, orderCreated("evt-2", "order-2", "(415) 555-0177", 100)).andExpect(status().isAccepted());
    refused(postEvent(apiKey, orderCreated("evt-3", "order-3", "13800138000", 100)));

    change(shopId, "{}").andExpect(status().isOk()).andExpect(jsonPath("$.phoneRegion").value("US"));
    change(shopId, "{\"phoneRegion\": null}").andExpect(status().isOk()).andExpect(jsonPath("$.phoneRegion", nullValue()));
    refused(postEvent(apiKey, orderCreated("evt-4", "order-4", "(415) 555-0177", 100)))
        .andExpect(jsonPath("$.errors[0].message", containsString("phoneRegion")));
    postEvent(apiKey, orderCreated("evt-5", "order-5", "+86 138 0013 8000", 100)).andExpect(status().isAccepted());

    assertThat(phonesOnTopic(shopId)).containsExactlyInAnyOrder("+8613800138000", "+14155550177", "+8613800138000");
    // each change is on the shops topic with the region, so reminder-service reads opt-outs in it
    List<ConsumerRecord<String, String>> updates = TopicReader.committed(SHOPS_TOPIC, r -> shopId.equals(r.key()));
    assertThat(updates).hasSize(4);
    List<String> regions = new ArrayList<>();
    for (ConsumerRecord<String, String> update : updates) {
      regions.add(EventJson.mapper().readValue(update.value(), ShopUpdated.class).phoneRegion());
    }
    assertThat(regions).containsExactly(null, "CN", "US", null);
    ShopUpdated last = EventJson.mapper().readValue(updates.get(3).value(), ShopUpdated.class);
    assertThat(last.apiKeySha256()).hasSize(1);
  }

  /** Creates a shop with the given phoneRegion (JSON) and returns its API key. */
  private String createShop(String shopId, String region) throws Exception {
    String body =
        admin(post("/admin/v1/shops").contentType(MediaType.APPLICATION_JSON).content(shopBody(shopId, region)))
            .andExpect(status().isCreated())
            .andExpect(jsonPath("$.phoneRegion").value(region.replace("\"", "")))
            .andReturn()
            .getResponse()
            .getContentAsString();
    return EventJson.mapper().readTree(body).get("apiKey").asString();
  }

  private static String shopBody(String shopId, String region) {
    return """
        {"shopId": "%s", "name": "Region shop", "smsDelay": "PT10S", "smsFrom": "+15005550006", "phoneRegion": %s}"""
        .formatted(shopId, region);
  }

  private ResultActions change(String shopId, String body) throws Exception {
    return admin(patch("/admin/v1/shops/" + shopId).contentType("application/merge-patch+json").content(body));
  }

  private ResultActions admin(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR_TOKEN));
  }

  private static ResultActions refused(ResultActions result) throws Exception {
    return result
        .andExpect(status().isBadRequest())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
        .andExpect(jsonPath("$.status").value(400));
  }

  private static List<String> phonesOnTopic(String shopId) throws Exception {
    List<String> phones = new ArrayList<>();
    for (ConsumerRecord<String, String> record : TopicReader.committed(ORDERS_TOPIC, TopicReader.ofShop(shopId))) {
      phones.add(EventJson.mapper().readValue(record.value(), OrderCreated.class).buyerPhone());
    }
    return phones;
  }
}
