package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.ReminderTestSupport.anOrder;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ReminderIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What the phone-queue integration tests share: real PHONE touches planned by the service. */
abstract class PhoneTaskIntegrationTestBase extends ReminderIntegrationTest {

  /**
   * Publishes a high-value order (888 yuan: tier 3 is a phone call) and returns the id of the
   * PHONE touch the service planned for it.
   */
  protected long phoneTouch(String shop, String orderId, String buyerId, String phone) {
    return phoneTouch(shop, orderId, buyerId, phone, CLOCK.instant(), null);
  }

  /** {@link #phoneTouch(String, String, String, String)} for an order placed at {@code at}, payable until {@code deadline}. */
  protected long phoneTouch(String shop, String orderId, String buyerId, String phone, Instant at, Instant deadline) {
    publish(ENV.ordersTopic(), anOrder(shop, orderId, buyerId, phone, at, 88_800, null, deadline));
    return await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> phoneTouchId(shop, orderId), Optional::isPresent)
        .orElseThrow();
  }

  private Optional<Long> phoneTouchId(String shop, String orderId) {
    return jdbc.sql("select touch_id from touch where shop_id = ? and order_id = ? and channel = 'PHONE'")
        .params(shop, orderId)
        .query(Long.class)
        .optional();
  }
}
