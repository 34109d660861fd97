package dev.cuifu.reminder.scaleout;

import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.testing.TestInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * A block of unpaid orders with one planned SMS touch each, written straight into the shared
 * schema (the scale-out test measures dispatch, not planning), each to a number of its own, all
 * made due in one statement, as a festival's reminders fall due together.
 */
final class DueTouches {

  /** Numbers {@code +86137…} no other test uses, one block per set of touches. */
  private static final AtomicInteger NEXT_PHONE = new AtomicInteger();

  private final JdbcClient jdbc;
  private final String shopId;
  private final String orderPrefix;
  private final int count;
  private final int firstPhone;

  private DueTouches(JdbcClient jdbc, String shopId, String orderPrefix, int count) {
    this.jdbc = jdbc;
    this.shopId = shopId;
    this.orderPrefix = orderPrefix;
    this.count = count;
    this.firstPhone = NEXT_PHONE.getAndAdd(count);
  }

  /** A database client of its own on the environment's schema, outside every instance. */
  static JdbcClient jdbc(ReminderTestSupport.Environment env) {
    return JdbcClient.create(
        new SimpleDriverDataSource(
            new org.postgresql.Driver(), TestInfrastructure.jdbcUrl(env.schema()), TestInfrastructure.dbUser(),
            TestInfrastructure.dbPassword()));
  }

  /** Plans {@code count} touches of the shop, due a day after {@code now}. */
  static DueTouches plan(JdbcClient jdbc, String shopId, String orderPrefix, int count, Instant now) {
    DueTouches touches = new DueTouches(jdbc, shopId, orderPrefix, count);
    jdbc.sql(
            """
            insert into buyer_order (shop_id, order_id, status, buyer_id, buyer_phone, amount_minor, currency,
                item_summary, created_at, payment_deadline, updated_at)
            select :shop, :prefix || g, 'UNPAID', 'buyer-' || :prefix || g, '+86137' || lpad((:phone + g)::text, 8, '0'),
                12800, 'CNY', '羊毛围巾 红色', :now, :deadline, :now
            from generate_series(0, :count - 1) g
            """)
        .param("shop", shopId)
        .param("prefix", orderPrefix)
        .param("phone", touches.firstPhone)
        .param("now", Timestamps.toDb(now))
        .param("deadline", Timestamps.toDb(now.plus(Duration.ofDays(30))))
        .param("count", count)
        .update();
    jdbc.sql(
            """
            insert into touch (shop_id, order_id, tier, channel, due_at, state, planned_at, updated_at)
            select :shop, :prefix || g, 1, 'SMS', :due, 'PLANNED', :now, :now
            from generate_series(0, :count - 1) g
            """)
        .param("shop", shopId)
        .param("prefix", orderPrefix)
        .param("due", Timestamps.toDb(now.plus(Duration.ofDays(1))))
        .param("now", Timestamps.toDb(now))
        .param("count", count)
        .update();
    jdbc.sql("analyze touch").update();
    return touches;
  }

  /** Makes every one of them due {@code ago} before {@code now}, in one statement. */
  void fallDue(Instant now, Duration ago) {
    jdbc.sql("update touch set due_at = ? where shop_id = ? and order_id like ? and state = 'PLANNED'")
        .params(Timestamps.toDb(now.minus(ago)), shopId, orderPrefix + "%")
        .update();
  }

  /** How many of them are in each state. */
  Map<String, Long> states() {
    return jdbc.sql("select state, count(*) from touch where shop_id = ? and order_id like ? group by state")
        .params(shopId, orderPrefix + "%")
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  long inState(String state) {
    return states().getOrDefault(state, 0L);
  }

  /** The decisions recorded on these touches' timelines, counted. */
  Map<String, Long> decisions() {
    return jdbc.sql(
            """
            select d.decision, count(*) from touch_decision d join touch t on t.touch_id = d.touch_id
            where t.shop_id = ? and t.order_id like ? group by d.decision
            """)
        .params(shopId, orderPrefix + "%")
        .query((rs, row) -> Map.entry(rs.getString(1), rs.getLong(2)))
        .list()
        .stream()
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** The numbers these touches go to, one each. */
  List<String> phones() {
    return java.util.stream.IntStream.range(0, count)
        .mapToObj(g -> "+86137" + String.format("%08d", firstPhone + g))
        .toList();
  }

  int count() {
    return count;
  }
}
