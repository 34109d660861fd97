package dev.cuifu.launcher;

import dev.cuifu.common.event.OrderClosed;
import dev.cuifu.common.event.OrderEvent;
import dev.cuifu.reminder.order.OrderEventProcessor;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * At every start, closes the orders of demo mode's shop ({@link LocalStack#DEMO_SIM_SHOP}) still
 * open: no simulated buyer is left to answer them, so nothing may be sent for them.
 *
 * <p>A demo that stops in order closes its orders itself ({@link DemoMode#close()}); this is for
 * one killed hard ({@code kill -9}: no hook ran). Why here, and not otherwise: the close has to be
 * applied before reminder-service's due-touch sweep first runs, which is as soon as its context
 * starts — closing through the API after the start races that sweep, the launcher's broker has
 * forgotten every unconsumed event, no policy switch is checked at send time, and a short payment
 * deadline would still let touches go out after a quick restart (and cut the buyers' payments off
 * the experiment's count). So the launcher adds this bean to reminder-service's context: it runs
 * once every singleton is built (the schema migrated) and before any lifecycle starts (Kafka
 * consumers, the sweep, Quartz), and applies the closes through the same {@link
 * OrderEventProcessor} a consumed {@code OrderClosed} goes through (touches cancelled "order
 * closed", phone tasks closed, idempotent by event id).
 */
final class DemoLeftovers implements SmartInitializingSingleton {

  private static final Logger log = LoggerFactory.getLogger(DemoLeftovers.class);
  static final String REASON = "demo stopped without closing it";

  private final OrderEventProcessor processor;
  private final JdbcTemplate jdbc;
  private final Clock clock;

  DemoLeftovers(OrderEventProcessor processor, DataSource dataSource, Clock clock) {
    this.processor = processor;
    this.jdbc = new JdbcTemplate(dataSource);
    this.clock = clock;
  }

  /** An initializer for reminder-service's context. */
  static void closeBeforeSweep(ConfigurableApplicationContext context) {
    ((GenericApplicationContext) context).registerBean(DemoLeftovers.class);
  }

  @Override
  public void afterSingletonsInstantiated() {
    // reminder-service's own table of orders (read only; the close goes through its processor)
    List<String> open =
        jdbc.queryForList(
            "select order_id from buyer_order where shop_id = ? and status = 'UNPAID'", String.class, LocalStack.DEMO_SIM_SHOP);
    if (open.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    List<OrderEvent> closes =
        open.stream()
            .<OrderEvent>map(
                orderId ->
                    new OrderClosed("left-open-" + orderId, OrderEvent.SCHEMA_VERSION, LocalStack.DEMO_SIM_SHOP, orderId, now, REASON))
            .toList();
    processor.apply(closes);
    log.info("closed {} orders of {} left open by a demo that did not stop in order (nothing is sent for them)", open.size(), LocalStack.DEMO_SIM_SHOP);
  }
}
