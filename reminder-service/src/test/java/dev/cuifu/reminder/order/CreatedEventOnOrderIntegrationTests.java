package dev.cuifu.reminder.order;

import static dev.cuifu.reminder.ReminderTestSupport.anOrder;
import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.paid;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.reminder.ReminderIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * An order's created event is recorded on the order's row (V28), not as a processed_event row of
 * its own: a redelivery must still change nothing, count as a duplicate, and the order's events
 * must read as before — for orders created now and for orders created before the change.
 */
class CreatedEventOnOrderIntegrationTests extends ReminderIntegrationTest {

  @Autowired OrderEventProcessor processor;
  @Autowired MeterRegistry meters;

  @BeforeEach
  void shop() {
    shopId = newShop();
  }

  @Test
  void aCreatedEventWritesNoProcessedEventRowAndItsRedeliveriesChangeNothingAndCountAsDuplicates() {
    String orderId = uniqueOrderId();
    Instant at = CLOCK.instant();
    // due to be paid before its SMS would go out (the shop waits 30 minutes): that tier is skipped
    OrderCreated order = anOrder(shopId, orderId, "buyer-" + orderId, uniquePhone(), at, 12_800L, null, at.plus(SHOP_DELAY.dividedBy(2)));
    double consumed = count("cuifu.events.consumed");
    double duplicates = count("cuifu.events.duplicates");

    processor.apply(List.of(order));
    Map<String, Object> afterFirst = order(orderId);
    List<Map<String, Object>> touches = touches(orderId);
    long decisions = decisions(orderId);
    processor.apply(List.of(order)); // a redelivered batch
    processor.apply(List.of(order, order)); // repeated within a batch

    assertThat(processedEventRows(orderId)).as("processed_event rows").isZero();
    assertThat(order(orderId)).as("the order's row").isEqualTo(afterFirst).containsEntry("created_event_id", order.eventId());
    assertThat(touches(orderId)).isEqualTo(touches);
    assertThat(decisions).as("the skipped SMS tier's decision").isPositive();
    assertThat(decisions(orderId)).as("decision rows").isEqualTo(decisions);
    assertThat(count("cuifu.events.consumed") - consumed).isEqualTo(1);
    assertThat(count("cuifu.events.duplicates") - duplicates).isEqualTo(3);
    assertThat(appliedEvents(orderId)).containsExactly("OrderCreated " + order.eventId());
  }

  @Test
  void aPaymentBeforeItsOrderIsStillAppliedOnceAndBothEventsAreListed() {
    String orderId = uniqueOrderId();
    Instant at = CLOCK.instant();
    OrderCreated order = created(shopId, orderId, uniquePhone(), at);

    processor.apply(List.of(paid(shopId, orderId, at)));
    processor.apply(List.of(order));
    processor.apply(List.of(order, paid(shopId, orderId, at)));

    assertThat(order(orderId)).containsEntry("status", "PAID").containsEntry("created_event_id", order.eventId());
    assertThat(touches(orderId)).isEmpty();
    assertThat(appliedEvents(orderId)).containsExactlyInAnyOrder("OrderCreated " + order.eventId(), "OrderPaid paid-" + orderId);
  }

  @Test
  void v28MovesAnOrdersCreatedEventOntoItsRowSoARedeliveryAfterTheUpgradeIsRecognised() throws IOException {
    String orderId = uniqueOrderId();
    OrderCreated order = created(shopId, orderId, uniquePhone(), CLOCK.instant());
    processor.apply(List.of(order));
    List<Map<String, Object>> touches = touches(orderId);
    long decisions = decisions(orderId);
    // as the order was stored before V28: its created event in processed_event, none on the row
    jdbc.sql("update buyer_order set created_event_id = null, created_applied_at = null where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .update();
    jdbc.sql(
            """
            insert into processed_event (shop_id, event_id, event_type, processed_at, occurred_at, order_id)
            values (?, ?, 'OrderCreated', now(), now(), ?)
            """)
        .params(shopId, order.eventId(), orderId)
        .update();

    for (String statement : v28DataStatements()) {
      jdbc.sql(statement).update();
    }
    processor.apply(List.of(order));

    assertThat(processedEventRows(orderId)).isZero();
    assertThat(order(orderId)).containsEntry("created_event_id", order.eventId());
    assertThat(touches(orderId)).isEqualTo(touches);
    assertThat(decisions(orderId)).isEqualTo(decisions);
    assertThat(appliedEvents(orderId)).containsExactly("OrderCreated " + order.eventId());
  }

  /** V28's update and delete, as Flyway ran them: the migration's own text, not a copy. */
  private static List<String> v28DataStatements() throws IOException {
    try (InputStream in =
        CreatedEventOnOrderIntegrationTests.class.getResourceAsStream("/db/migration/reminder/V28__created_event_on_order.sql")) {
      String script = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)--.*$", "");
      return Arrays.stream(script.split(";"))
          .map(String::strip)
          .filter(s -> s.startsWith("update") || s.startsWith("delete"))
          .toList();
    }
  }

  private double count(String counter) {
    return meters.get(counter).tag("type", "OrderCreated").counter().count();
  }

  private long processedEventRows(String orderId) {
    return jdbc.sql("select count(*) from processed_event where shop_id = ? and order_id = ?").params(shopId, orderId).query(Long.class).single();
  }

  private long decisions(String orderId) {
    return jdbc.sql("select count(*) from touch_decision where shop_id = ? and order_id = ?").params(shopId, orderId).query(Long.class).single();
  }

  private List<String> appliedEvents(String orderId) {
    return jdbc.sql("select event_type || ' ' || event_id from applied_event where shop_id = ? and order_id = ?")
        .params(shopId, orderId)
        .query(String.class)
        .list();
  }
}
