package dev.cuifu.ingest.platform.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.event.OrderPaid;
import dev.cuifu.ingest.platform.MappedDelivery;
import dev.cuifu.ingest.platform.OrderStep;
import dev.cuifu.ingest.platform.PlatformIntegrationTest;
import dev.cuifu.ingest.web.FieldProblem;
import dev.cuifu.ingest.web.InvalidRequestException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.assertj.core.api.Assertions;
import tools.jackson.databind.node.ObjectNode;

class ShopifyOrdersTests {

  private static ObjectNode order(String financialStatus) {
    ObjectNode order = PlatformIntegrationTest.sample("shopify/orders-create-sample.json");
    order.putNull("cancelled_at");
    order.put("financial_status", financialStatus);
    return order;
  }

  @ParameterizedTest
  @CsvSource({
    "pending, UNPAID", "partially_paid, UNPAID", "authorized, PAID", "paid, PAID", "partially_refunded, PAID",
    "refunded, PAID", "voided, CLOSED", "expired, CLOSED", "something_new, OTHER"
  })
  @DisplayName("rule: financial_status decides unpaid, paid or closed; pending (bank deposit, COD, manual) is unpaid")
  void financialStatus(String status, OrderStep step) {
    assertThat(ShopifyOrders.step(order(status))).isEqualTo(step);
  }

  @Test
  @DisplayName("rule: a cancelled order is closed whatever its financial status")
  void cancelledIsClosed() {
    ObjectNode order = order("pending");
    order.put("cancelled_at", "2025-06-01T12:00:00+08:00");
    assertThat(ShopifyOrders.step(order)).isEqualTo(OrderStep.CLOSED);
  }

  @Test
  @DisplayName("rule: the buyer's phone is the billing phone, else shipping, customer, order; the amount in minor units of the currency")
  void phoneAndAmount() {
    ObjectNode order = order("pending");
    order.putNull("billing_address");
    order.put("currency", "JPY");
    order.put("total_price", "1200");
    MappedDelivery mapped = ShopifyOrders.map("orders/create", order);
    OrderCreated created = (OrderCreated) mapped.events().get(0);
    assertThat(created.buyerPhone()).isEqualTo("555-555-SHIP");
    assertThat(created.amount().minor()).isEqualTo(1200L);
    assertThat(created.orderId()).isEqualTo("820982911946154508");
  }

  @Test
  @DisplayName("rule: an order without an id is a malformed delivery")
  void withoutAnId() {
    ObjectNode order = order("pending");
    order.remove("id");
    Assertions.assertThatThrownBy(() -> ShopifyOrders.map("orders/create", order)).isInstanceOf(InvalidRequestException.class);
  }

  @Test
  @DisplayName("rule: an unpaid order's signed body resent under orders/paid or orders/cancelled (the topic is not signed) neither pays nor closes it")
  void topicHeaderCannotPayOrCloseAnUnpaidOrder() {
    MappedDelivery asPaid = ShopifyOrders.map("orders/paid", order("pending"));
    assertThat(asPaid.events()).isEmpty();
    assertThat(asPaid.skipped()).extracting(FieldProblem::field).containsExactly("financial_status");
    MappedDelivery asCancelled = ShopifyOrders.map("orders/cancelled", order("pending"));
    assertThat(asCancelled.events()).isEmpty();
    assertThat(asCancelled.skipped()).extracting(FieldProblem::field).containsExactly("cancelled_at");

    assertThat(ShopifyOrders.map("orders/paid", order("paid")).events()).singleElement().isInstanceOf(OrderPaid.class);
    assertThat(ShopifyOrders.map("orders/cancelled", order("voided")).events()).singleElement().isInstanceOf(OrderClosed.class);
  }
}
