package dev.cuifu.ingest.platform.woocommerce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.ingest.platform.OrderStep;
import dev.cuifu.ingest.platform.PlatformIntegrationTest;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.node.ObjectNode;

class WooCommerceOrdersTests {

  @ParameterizedTest
  @CsvSource({
    "pending, UNPAID", "on-hold, UNPAID", "processing, PAID", "completed, PAID", "refunded, PAID",
    "cancelled, CLOSED", "failed, CLOSED", "checkout-draft, OTHER", "trash, OTHER"
  })
  @DisplayName("rule: pending/on-hold are unpaid, processing/completed paid, cancelled/failed closed")
  void status(String status, OrderStep step) {
    ObjectNode order = PlatformIntegrationTest.sample("woocommerce/order-sample.json");
    order.put("status", status);
    assertThat(WooCommerceOrders.step(order)).isEqualTo(step);
    if (step == OrderStep.OTHER) {
      assertThat(WooCommerceOrders.map("order.updated", order).skipped()).extracting(p -> p.field()).containsExactly("status");
    }
  }
}
