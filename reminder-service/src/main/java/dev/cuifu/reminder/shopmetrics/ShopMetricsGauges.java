package dev.cuifu.reminder.shopmetrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Today's shop metrics as Prometheus gauges, one series per shop (and status, channel, currency or
 * loss reason) — never per day: the day is each shop's today in its own zone, and past days are
 * the API's. Each instance recomputes them every {@code gauge-refresh} on its own scheduler rather
 * than on the clustered Quartz: every instance must export them (Prometheus scrapes each), like
 * {@code cuifu.touches.overdue}, so every instance reports the same figures; aggregate with {@code
 * max by (shop)}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ShopMetricsGauges {

  private static final Logger log = LoggerFactory.getLogger(ShopMetricsGauges.class);

  private final ShopMetrics metrics;
  private final MultiGauge orders;
  private final MultiGauge lossRatio;
  private final MultiGauge reminded;
  private final MultiGauge recovered;
  private final MultiGauge amounts;
  private final MultiGauge lossReasons;

  ShopMetricsGauges(ShopMetrics metrics, MeterRegistry meters) {
    this.metrics = metrics;
    this.orders = gauge(meters, "cuifu.shop.orders.today", "Orders placed today (shop's zone) by what became of them: placed, paid, closed_unpaid, unpaid");
    this.lossRatio = gauge(meters, "cuifu.shop.loss.ratio.today", "Today's orders closed unpaid ÷ placed (absent before the day's first order)");
    this.reminded = gauge(meters, "cuifu.shop.orders.reminded.today", "Today's orders with a touch sent, per channel");
    this.recovered = gauge(meters, "cuifu.shop.orders.recovered.today", "Today's orders recovered by a touch of the channel (paid after it, by the deadline)");
    this.amounts = gauge(meters, "cuifu.shop.amount.today", "Today's order amount in minor units: placed, unpaid, paid, closed, recovered");
    this.lossReasons = gauge(meters, "cuifu.shop.loss.reasons.today", "Loss reasons agents recorded for today's orders");
  }

  private static MultiGauge gauge(MeterRegistry meters, String name, String description) {
    return MultiGauge.builder(name).description(description).register(meters);
  }

  @Scheduled(fixedDelayString = "${cuifu.reminder.shop-metrics.gauge-refresh:PT1M}")
  void refresh() {
    try {
      refresh(metrics.today());
    } catch (RuntimeException e) {
      // the gauges keep their last figures; the next run tries again
      log.warn("shop metrics gauges not refreshed: {}", e.toString());
    }
  }

  void refresh(List<ShopMetrics.Today> today) {
    List<MultiGauge.Row<?>> orderRows = new ArrayList<>();
    List<MultiGauge.Row<?>> ratioRows = new ArrayList<>();
    List<MultiGauge.Row<?>> remindedRows = new ArrayList<>();
    List<MultiGauge.Row<?>> recoveredRows = new ArrayList<>();
    List<MultiGauge.Row<?>> amountRows = new ArrayList<>();
    List<MultiGauge.Row<?>> reasonRows = new ArrayList<>();
    for (ShopMetrics.Today t : today) {
      DailyMetrics m = t.metrics();
      Tags shop = Tags.of("shop", t.shopId());
      Map.of("placed", m.placed(), "paid", m.paid(), "closed_unpaid", m.closedUnpaid(), "unpaid", m.unpaid())
          .forEach((status, n) -> orderRows.add(MultiGauge.Row.of(shop.and("status", status), n)));
      if (m.lossRatio() != null) {
        ratioRows.add(MultiGauge.Row.of(shop, m.lossRatio()));
      }
      for (DailyMetrics.ChannelMetrics c : m.channels()) {
        remindedRows.add(MultiGauge.Row.of(shop.and("channel", c.channel()), c.reminded()));
        recoveredRows.add(MultiGauge.Row.of(shop.and("channel", c.channel()), c.recovered()));
      }
      for (DailyMetrics.Amounts a : m.amounts()) {
        Tags money = shop.and("currency", a.currency());
        Map.of("placed", a.placed(), "unpaid", a.unpaid(), "paid", a.paid(), "closed", a.closed(), "recovered", a.recovered())
            .forEach((status, minor) -> amountRows.add(MultiGauge.Row.of(money.and("status", status), minor)));
      }
      m.lossReasons().forEach((reason, n) -> reasonRows.add(MultiGauge.Row.of(shop.and("reason", reason), n)));
    }
    // overwrite: a shop gone from the replica, or a currency or reason no longer seen today, drops out
    orders.register(orderRows, true);
    lossRatio.register(ratioRows, true);
    reminded.register(remindedRows, true);
    recovered.register(recoveredRows, true);
    amounts.register(amountRows, true);
    lossReasons.register(reasonRows, true);
  }
}
