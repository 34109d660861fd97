package dev.cuifu.reminder.shopmetrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Today's shop metrics as Prometheus gauges, one series per shop (and status, channel, currency or
 * loss reason) — never per day: the day is each shop's today in its own zone, and past days are
 * the API's. Recomputed when scraped, at most once per {@code gauge-refresh}: reading {@code
 * cuifu.shop.metrics.shops} starts a refresh of them all on a thread of its own and answers with
 * the figures at hand (a scrape shows the previous refresh's). The scrape never waits for the
 * queries: for a shop with millions of orders today they took over 30 s, and a scrape that slow
 * loses every metric of the instance, the overdue alert's included. Not the clustered Quartz:
 * every instance must export them (Prometheus scrapes each), like {@code cuifu.touches.overdue},
 * so every instance reports the same figures; aggregate with {@code max by (shop)}.
 */
@Component
class ShopMetricsGauges implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ShopMetricsGauges.class);

  private final ShopMetrics metrics;
  private final MultiGauge orders;
  private final MultiGauge lossRatio;
  private final MultiGauge reminded;
  private final MultiGauge recovered;
  private final MultiGauge amounts;
  private final MultiGauge lossReasons;
  private final ShopMetricsProperties properties;
  /** One refresh at a time, never on a scrape's thread. */
  private final ExecutorService refresher =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "shop-metrics-gauges");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicBoolean refreshing = new AtomicBoolean();
  private volatile Long refreshedAtNanos;
  private volatile int shops;
  /** The latest figures by series; each registered row reads its own, so a refresh re-registers nothing it had. */
  private volatile Map<String, Double> values = Map.of();

  ShopMetricsGauges(ShopMetrics metrics, ShopMetricsProperties properties, MeterRegistry meters) {
    this.metrics = metrics;
    this.properties = properties;
    this.orders = gauge(meters, "cuifu.shop.orders.today", "Orders placed today (shop's zone) by what became of them: placed, paid, closed_unpaid, unpaid");
    this.lossRatio = gauge(meters, "cuifu.shop.loss.ratio.today", "Today's orders closed unpaid ÷ placed (absent before the day's first order)");
    this.reminded = gauge(meters, "cuifu.shop.orders.reminded.today", "Today's orders with a touch sent, per channel");
    this.recovered = gauge(meters, "cuifu.shop.orders.recovered.today", "Today's orders recovered by a touch of the channel (paid after it, by the deadline)");
    this.amounts = gauge(meters, "cuifu.shop.amount.today", "Today's order amount in minor units: placed, unpaid, paid, closed, recovered");
    this.lossReasons = gauge(meters, "cuifu.shop.loss.reasons.today", "Loss reasons agents recorded for today's orders");
    Gauge.builder("cuifu.shop.metrics.shops", this, ShopMetricsGauges::shopsReported)
        .description("Shops the cuifu.shop.*.today gauges report on; reading it refreshes them at most once per gauge-refresh")
        .register(meters);
  }

  private static MultiGauge gauge(MeterRegistry meters, String name, String description) {
    return MultiGauge.builder(name).description(description).register(meters);
  }

  // the refresh period is wall time on purpose: it paces database work, not domain time
  private double shopsReported() {
    Long last = refreshedAtNanos;
    if ((last == null || System.nanoTime() - last >= properties.gaugeRefresh().toNanos()) && refreshing.compareAndSet(false, true)) {
      try {
        refresher.execute(
            () -> {
              try {
                refresh();
              } finally {
                refreshing.set(false);
              }
            });
      } catch (RejectedExecutionException e) {
        refreshing.set(false); // shutting down
      }
    }
    return shops;
  }

  @Override
  public void destroy() {
    refresher.shutdownNow();
  }

  synchronized void refresh() {
    refreshedAtNanos = System.nanoTime();
    try {
      refresh(metrics.today());
    } catch (RuntimeException e) {
      // the gauges keep their last figures; the next run tries again
      log.warn("shop metrics gauges not refreshed: {}", e.toString());
    }
  }

  private void refresh(List<ShopMetrics.Today> today) {
    shops = today.size();
    Map<String, Double> next = new HashMap<>();
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
          .forEach((status, n) -> orderRows.add(row(next, "order", shop.and("status", status), n)));
      if (m.lossRatio() != null) {
        ratioRows.add(row(next, "ratio", shop, m.lossRatio()));
      }
      for (DailyMetrics.ChannelMetrics c : m.channels()) {
        remindedRows.add(row(next, "reminded", shop.and("channel", c.channel()), c.reminded()));
        recoveredRows.add(row(next, "recovered", shop.and("channel", c.channel()), c.recovered()));
      }
      for (DailyMetrics.Amounts a : m.amounts()) {
        Tags money = shop.and("currency", a.currency());
        Map.of("placed", a.placed(), "unpaid", a.unpaid(), "paid", a.paid(), "closed", a.closed(), "recovered", a.recovered())
            .forEach((status, minor) -> amountRows.add(row(next, "amount", money.and("status", status), minor)));
      }
      m.lossReasons().forEach((reason, n) -> reasonRows.add(row(next, "reason", shop.and("reason", reason), n)));
    }
    values = next;
    // without overwrite: a series already there keeps its meter (a scrape never misses it), a new one
    // is added, and one no longer seen (a shop gone from the replica, a currency or reason not seen
    // today) is removed
    orders.register(orderRows, false);
    lossRatio.register(ratioRows, false);
    reminded.register(remindedRows, false);
    recovered.register(recoveredRows, false);
    amounts.register(amountRows, false);
    lossReasons.register(reasonRows, false);
  }

  private MultiGauge.Row<?> row(Map<String, Double> next, String gauge, Tags tags, Number value) {
    String key = gauge + tags;
    next.put(key, value.doubleValue());
    return MultiGauge.Row.of(tags, this, gauges -> gauges.values.getOrDefault(key, Double.NaN));
  }
}
