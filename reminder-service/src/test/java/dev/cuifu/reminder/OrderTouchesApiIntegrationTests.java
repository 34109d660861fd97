package dev.cuifu.reminder;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
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
}
