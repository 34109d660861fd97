package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

class OrderTouchesApiIntegrationTests extends ReminderIntegrationTest {

  @Autowired MockMvcTester mvc;

  @Test
  void aShopSeesItsOrdersTouchCancelledWithTheReasonAndNobodyElseDoes() {
    shopId = newShop();
    String orderId = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, orderId, uniquePhone(), CLOCK.instant()));
    publish(ENV.ordersTopic(), paid(shopId, orderId, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> hasSmsTouch(orderId) && "CANCELLED".equals(smsTouch(orderId).get("state")));

    assertThat(mvc.get().uri("/api/v1/orders/{id}/touches", orderId).header("X-Api-Key", apiKey(shopId)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.status").isEqualTo("PAID");
              assertThat(json).extractingPath("$.touches[0].channel").isEqualTo("SMS");
              assertThat(json).extractingPath("$.touches[0].state").isEqualTo("CANCELLED");
              assertThat(json).extractingPath("$.touches[0].reason").isEqualTo("order paid");
            });

    assertThat(mvc.get().uri("/api/v1/orders/{id}/touches", orderId))
        .as("no key: 401 problem")
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(mvc.get().uri("/api/v1/orders/{id}/touches", orderId).header("X-Api-Key", "cf_wrong"))
        .hasStatus(HttpStatus.UNAUTHORIZED);

    String otherShop = newShop();
    assertThat(mvc.get().uri("/api/v1/orders/{id}/touches", orderId).header("X-Api-Key", apiKey(otherShop)))
        .as("another shop's order does not exist for this key")
        .hasStatus(HttpStatus.NOT_FOUND)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
  }

  @Test
  void aShopReadsItsOrdersTimelineInTimeOrderAndAnUnknownOrderIsOneAndTheSame404() {
    shopId = newShop();
    String orderId = uniqueOrderId();
    publish(ENV.ordersTopic(), created(shopId, orderId, uniquePhone(), CLOCK.instant()));
    publish(ENV.ordersTopic(), paid(shopId, orderId, CLOCK.instant()));
    await().atMost(Duration.ofSeconds(20))
        .until(() -> hasSmsTouch(orderId) && "CANCELLED".equals(smsTouch(orderId).get("state")));

    assertThat(mvc.get().uri("/api/v1/orders/{id}/timeline", orderId).header("X-Api-Key", apiKey(shopId)))
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.orderId").isEqualTo(orderId);
              assertThat(json).extractingPath("$.status").isEqualTo("PAID");
              assertThat(json).extractingPath("$.entries[?(@.kind == 'EVENT')].what").asArray().hasSize(2);
              assertThat(json).extractingPath("$.entries[?(@.kind == 'TOUCH')].what").asArray().contains("PLANNED", "CANCELLED");
              assertThat(json).extractingPath("$.entries[?(@.what == 'CANCELLED')].reason").asArray().isNotEmpty().containsOnly("order paid");
            });

    String unknown = uniqueOrderId();
    for (String path : new String[] {"/api/v1/orders/{id}/timeline", "/api/v1/orders/{id}/touches"}) {
      assertThat(mvc.get().uri(path, unknown).header("X-Api-Key", apiKey(shopId)))
          .as(path + ": an order the shop does not have")
          .hasStatus(HttpStatus.NOT_FOUND)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .extractingPath("$.detail")
          .isEqualTo("There is no order with this id for this shop.");
      assertThat(mvc.get().uri(path, orderId).header("X-Api-Key", "cf_wrong"))
          .as(path + ": a key nobody owns")
          .hasStatus(HttpStatus.UNAUTHORIZED)
          .bodyJson()
          .extractingPath("$.detail")
          .isEqualTo("missing or unknown X-Api-Key header");
    }
  }

  @Test
  void everyShopOperationIsDocumentedWithTheApiKeySchemeAndNoShopParameter() throws Exception {
    String docs = mvc.get().uri("/v3/api-docs").exchange().getResponse().getContentAsString();
    Map<String, Map<String, Map<String, Object>>> paths = JsonPath.read(docs, "$.paths");
    List<String> operations = new ArrayList<>();
    paths.forEach(
        (path, methods) ->
            methods.forEach(
                (method, operation) -> {
                  if (path.startsWith("/api/")) {
                    operations.add(method + " " + path);
                    // the key is the security scheme Swagger UI's Authorize fills in, not a parameter to type in
                    assertThat(operation.get("security")).as(method + " " + path).isEqualTo(List.of(Map.of("apiKey", List.of())));
                    if (operation.get("parameters") instanceof List<?> parameters) {
                      assertThat(parameters)
                          .as(method + " " + path)
                          .noneSatisfy(p -> assertThat(p).asInstanceOf(MAP).containsEntry("name", "shopId"))
                          .noneSatisfy(p -> assertThat(p).asInstanceOf(MAP).containsEntry("name", "X-Api-Key"));
                    }
                  }
                }));
    assertThat(operations).hasSizeGreaterThan(20);
  }
}
