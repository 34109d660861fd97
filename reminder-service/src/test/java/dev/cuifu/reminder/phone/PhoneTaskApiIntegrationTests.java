package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.ReminderTestSupport.apiKey;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.ops.Timestamps;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** GET /api/v1/phone-tasks, end to end on the real database, as a shop's staff uses it. */
class PhoneTaskApiIntegrationTests extends PhoneTaskIntegrationTestBase {

  @Autowired MockMvcTester mvc;
  @Autowired PhoneTaskQueue queue;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void listsOpenTasksWithTheirOrderAndOnlyAMaskedPhone() throws Exception {
    String orderId = uniqueOrderId();
    String buyerId = "buyer-" + orderId;
    String phone = uniquePhone();
    long touchId = phoneTouch(shopId, orderId, buyerId, phone);
    jdbc.sql(
            "insert into buyer_history (shop_id, buyer_id, paid_orders, imported_paid_orders, updated_at)"
                + " values (?, ?, 1, 2, ?)")
        .params(shopId, buyerId, Timestamps.toDb(CLOCK.instant()))
        .update();
    Instant now = CLOCK.instant();
    long taskId = queue.enqueue(touchId, shopId, orderId, 77, "returning buyer, high value", now);
    String otherShop = newShop();
    String foreignPhone = uniquePhone();
    String foreignOrder = uniqueOrderId();
    queue.enqueue(phoneTouch(otherShop, foreignOrder, "b-" + foreignOrder, foreignPhone), otherShop, foreignOrder, 99, null, now);

    MvcTestResult result = mvc.get().uri("/api/v1/phone-tasks?limit=50").header("X-Api-Key", apiKey(shopId)).exchange();

    assertThat(result)
        .hasStatusOk()
        .bodyJson()
        .satisfies(
            json -> {
              assertThat(json).extractingPath("$.items.length()").isEqualTo(1);
              assertThat(json).extractingPath("$.items[0].taskId").asNumber().isEqualTo((int) taskId);
              assertThat(json).extractingPath("$.items[0].orderId").isEqualTo(orderId);
              assertThat(json).extractingPath("$.items[0].amountMinor").isEqualTo(88_800);
              assertThat(json).extractingPath("$.items[0].currency").isEqualTo("CNY");
              assertThat(json).extractingPath("$.items[0].itemSummary").isEqualTo("羊毛围巾 红色");
              assertThat(json).extractingPath("$.items[0].buyerNote").isNull();
              assertThat(json).extractingPath("$.items[0].earlierPaidOrders").isEqualTo(3);
              assertThat(json).extractingPath("$.items[0].priority").isEqualTo(77);
              assertThat(json).extractingPath("$.items[0].reason").isEqualTo("returning buyer, high value");
              assertThat(json).extractingPath("$.items[0].createdAt").isEqualTo(now.truncatedTo(ChronoUnit.MICROS).toString());
              assertThat(json).extractingPath("$.items[0].maskedPhone").isEqualTo(PhoneNumbers.mask(phone));
            });
    String body = result.getResponse().getContentAsString();
    assertThat(body).as("the raw number never leaves in this list").doesNotContain(phone).doesNotContain(phone.substring(1));
    assertThat(body).as("no other shop's task").doesNotContain(foreignOrder).doesNotContain(PhoneNumbers.mask(foreignPhone));
  }

  @Test
  void importedHistoryCountsTowardsEarlierPaidOrdersAndAnImportReplacesTheLastOne() {
    String orderId = uniqueOrderId();
    String buyerId = "buyer-" + orderId;
    queue.enqueue(phoneTouch(shopId, orderId, buyerId, uniquePhone()), shopId, orderId, 50, null, CLOCK.instant());

    for (int paidOrders : new int[] {4, 2}) {
      assertThat(
              mvc.post()
                  .uri("/api/v1/buyers/history")
                  .header("X-Api-Key", apiKey(shopId))
                  .contentType(MediaType.APPLICATION_JSON)
                  .content("{\"buyers\": [{\"buyerId\": \"%s\", \"paidOrders\": %d}]}".formatted(buyerId, paidOrders)))
          .hasStatusOk()
          .bodyJson()
          .extractingPath("$.imported")
          .isEqualTo(1);
      assertThat(mvc.get().uri("/api/v1/phone-tasks").header("X-Api-Key", apiKey(shopId)))
          .bodyJson()
          .extractingPath("$.items[0].earlierPaidOrders")
          .isEqualTo(paidOrders);
    }
  }

  @Test
  void aClosedTaskIsNoLongerListed() {
    String orderId = uniqueOrderId();
    queue.enqueue(phoneTouch(shopId, orderId, "b-" + orderId, uniquePhone()), shopId, orderId, 50, null, CLOCK.instant());
    queue.closeForOrder(shopId, orderId, PhoneTaskQueue.CLOSED_PAID, CLOCK.instant());

    assertThat(mvc.get().uri("/api/v1/phone-tasks").header("X-Api-Key", apiKey(shopId)))
        .hasStatusOk()
        .bodyJson()
        .extractingPath("$.items.length()")
        .isEqualTo(0);
  }

  @Test
  void withoutAKeyOrWithAnUnknownOneIs401() {
    assertThat(mvc.get().uri("/api/v1/phone-tasks"))
        .hasStatus(HttpStatus.UNAUTHORIZED)
        .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    assertThat(mvc.get().uri("/api/v1/phone-tasks").header("X-Api-Key", "cf_nobody"))
        .hasStatus(HttpStatus.UNAUTHORIZED);
  }

  @Test
  void aLimitOutsideOneTo500Is400NamingLimit() {
    for (String limit : new String[] {"0", "501", "-1", "abc"}) {
      assertThat(mvc.get().uri("/api/v1/phone-tasks?limit={limit}", limit).header("X-Api-Key", apiKey(shopId)))
          .as("limit=%s", limit)
          .hasStatus(HttpStatus.BAD_REQUEST)
          .hasContentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
          .bodyJson()
          .extractingPath("$.errors[0].field")
          .isEqualTo("limit");
    }
    assertThat(mvc.get().uri("/api/v1/phone-tasks?limit=500").header("X-Api-Key", apiKey(shopId))).hasStatusOk();
    assertThat(mvc.get().uri("/api/v1/phone-tasks?limit=1").header("X-Api-Key", apiKey(shopId))).hasStatusOk();
  }
}
