package dev.cuifu.reminder.phone;

import dev.cuifu.common.event.PhoneTaskClosed;
import dev.cuifu.common.event.PhoneTaskCreated;
import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.reminder.ops.SqlArrays;
import dev.cuifu.reminder.ops.Timestamps;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The phone agents' work queue (table {@code phone_task}): one task per planned PHONE touch. The
 * domain says to call first for returning buyers, high-value orders and orders with a buyer note;
 * agents work a shop's open tasks by {@link #priority}, highest first, then oldest.
 *
 * <p>A task is OPEN until its order is paid or closed ({@link #closeForOrder}); meanwhile a phone
 * agent may hold it CLAIMED and close it with an outcome, or re-queue it for a call back ({@link
 * PhoneAgentDesk}). Every method
 * joins the caller's transaction when there is one. Counted in {@code cuifu.phone.tasks.created}
 * and {@code cuifu.phone.tasks.closed} (tag {@code reason}: {@code paid}, {@code closed}, or
 * {@code other} for any other close reason), once the change commits. Every change also writes its
 * {@link PhoneTaskEvent} to the {@link PhoneTaskOutbox} in the same transaction.
 */
@Service
public class PhoneTaskQueue {

  /** Close reason when the order was paid. */
  public static final String CLOSED_PAID = "paid";

  /** Close reason when the order was closed unpaid. */
  public static final String CLOSED_CLOSED = "closed";

  /** The largest page {@link #open} returns. */
  public static final int MAX_LIMIT = 500;

  /** Task states. */
  public static final String OPEN = "OPEN";

  public static final String CLOSED = "CLOSED";

  /** Held by a phone agent until its claim runs out (see {@link PhoneAgentDesk}). */
  public static final String CLAIMED = "CLAIMED";

  /** Points per doubling of the amount in major units (see {@link #priority}). */
  static final int POINTS_PER_AMOUNT_DOUBLING = 4;

  /** Doublings counted at most: amounts beyond 2^25 major units score the same. */
  static final int MAX_AMOUNT_DOUBLINGS = 25;

  /** Points per earlier paid order of the buyer in this shop (a returning buyer). */
  static final int POINTS_PER_EARLIER_PAID_ORDER = 15;

  /** Earlier paid orders counted at most. */
  static final int MAX_EARLIER_PAID_ORDERS = 5;

  /** Points for an order with a buyer note (备注). */
  static final int POINTS_FOR_NOTE = 20;

  private static final Set<String> REASON_TAGS = Set.of(CLOSED_PAID, CLOSED_CLOSED);

  private static final Logger log = LoggerFactory.getLogger(PhoneTaskQueue.class);

  private static final String COLUMNS =
      "task_id, touch_id, shop_id, order_id, priority, state, reason, created_at, closed_at, close_reason";

  private final JdbcClient jdbc;
  private final MeterRegistry meters;
  private final PhoneTaskOutbox outbox;

  PhoneTaskQueue(JdbcClient jdbc, MeterRegistry meters, PhoneTaskOutbox outbox) {
    this.jdbc = jdbc;
    this.meters = meters;
    this.outbox = outbox;
    meters.counter("cuifu.phone.tasks.created");
    for (String tag : List.of(CLOSED_PAID, CLOSED_CLOSED, "other")) {
      meters.counter("cuifu.phone.tasks.closed", "reason", tag);
    }
  }

  /**
   * How urgently to call about an order; higher = call first. The sum of three parts, each
   * non-decreasing in its input, so the score is monotone:
   *
   * <ul>
   *   <li>amount: {@value #POINTS_PER_AMOUNT_DOUBLING} points per doubling of the amount in major
   *       units (log2 buckets: 1 yuan → 4, 2–3 → 8, 512–1023 → 40), at most {@value
   *       #MAX_AMOUNT_DOUBLINGS} doublings (100 points); zero or negative amounts score 0;
   *   <li>history: {@value #POINTS_PER_EARLIER_PAID_ORDER} points per earlier paid order of the
   *       buyer, counting at most {@value #MAX_EARLIER_PAID_ORDERS} (75 points);
   *   <li>note: {@value #POINTS_FOR_NOTE} points when the buyer left a note.
   * </ul>
   *
   * So the range is 0 to 195; one earlier paid order outweighs a 3× bigger amount, as the
   * returning buyer is the best bet.
   */
  public static int priority(long amountMinor, int earlierPaidOrders, boolean hasBuyerNote) {
    long major = Math.max(0, amountMinor) / 100;
    int doublings = Math.min(MAX_AMOUNT_DOUBLINGS, 64 - Long.numberOfLeadingZeros(major));
    int history = Math.min(MAX_EARLIER_PAID_ORDERS, Math.max(0, earlierPaidOrders));
    return doublings * POINTS_PER_AMOUNT_DOUBLING
        + history * POINTS_PER_EARLIER_PAID_ORDER
        + (hasBuyerNote ? POINTS_FOR_NOTE : 0);
  }

  /**
   * Creates the OPEN task for a phone touch. Idempotent per touch: when the touch already has a
   * task (open or closed), nothing changes and its id is returned.
   *
   * @param reason why the order gets a call (free text, may be null)
   * @return the task's id
   */
  @Transactional
  public long enqueue(long touchId, String shopId, String orderId, int priority, String reason, Instant now) {
    Objects.requireNonNull(shopId, "shopId");
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(now, "now");
    Optional<Long> inserted =
        jdbc.sql(
                """
                insert into phone_task (touch_id, shop_id, order_id, priority, state, reason, created_at)
                values (?, ?, ?, ?, 'OPEN', ?, ?)
                on conflict (touch_id) do nothing returning task_id
                """)
            .params(touchId, shopId, orderId, priority, reason, Timestamps.toDb(now.truncatedTo(ChronoUnit.MICROS)))
            .query(Long.class)
            .optional();
    if (inserted.isPresent()) {
      outbox.append(
          new PhoneTaskCreated(
              PhoneTaskOutbox.newEventId(), PhoneTaskEvent.SCHEMA_VERSION, shopId, orderId, inserted.get(), now, priority, reason),
          now);
      log.info("phone task {} opened: shop={} order={} touch={} priority={}", inserted.get(), shopId, orderId, touchId, priority);
      afterCommit(() -> meters.counter("cuifu.phone.tasks.created").increment());
      return inserted.get();
    }
    return jdbc.sql("select task_id from phone_task where touch_id = ?")
        .param(touchId)
        .query(Long.class)
        .single();
  }

  /**
   * Closes every OPEN (or agent-CLAIMED) task of the order, e.g. because it was paid ({@link #CLOSED_PAID}) or closed
   * ({@link #CLOSED_CLOSED}).
   *
   * @return how many tasks were closed
   */
  @Transactional
  public int closeForOrder(String shopId, String orderId, String reason, Instant now) {
    return closeForOrders(List.of(new OrderClose(shopId, orderId, reason)), now);
  }

  /** One order whose open tasks are to be closed, and why. */
  public record OrderClose(String shopId, String orderId, String reason) {
    public OrderClose {
      Objects.requireNonNull(shopId, "shopId");
      Objects.requireNonNull(orderId, "orderId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * {@link #closeForOrder} for a consumer batch's paid and closed orders in one statement.
   *
   * @return how many tasks were closed
   */
  @Transactional
  public int closeForOrders(List<OrderClose> orders, Instant now) {
    Objects.requireNonNull(now, "now");
    if (orders.isEmpty()) {
      return 0;
    }
    List<ClosedTask> closedTasks =
        jdbc.sql(
                """
                update phone_task p
                   set state = 'CLOSED', closed_at = :now, close_reason = c.reason, claimed_by = null, claim_until = null
                  from unnest(:shops::text[], :orders::text[], :reasons::text[]) as c(shop_id, order_id, reason)
                 where p.shop_id = c.shop_id and p.order_id = c.order_id and p.state in ('OPEN', 'CLAIMED')
                returning p.task_id, p.shop_id, p.order_id, p.close_reason
                """)
            .param("now", Timestamps.toDb(now.truncatedTo(ChronoUnit.MICROS)))
            .param("shops", SqlArrays.texts(orders, OrderClose::shopId))
            .param("orders", SqlArrays.texts(orders, OrderClose::orderId))
            .param("reasons", SqlArrays.texts(orders, OrderClose::reason))
            .query((rs, n) -> new ClosedTask(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)))
            .list();
    for (ClosedTask task : closedTasks) {
      outbox.append(
          new PhoneTaskClosed(
              PhoneTaskOutbox.newEventId(), PhoneTaskEvent.SCHEMA_VERSION, task.shopId(), task.orderId(), task.taskId(), now, task.reason()),
          now);
      log.info("phone task closed: shop={} order={} task={} reason={}", task.shopId(), task.orderId(), task.taskId(), task.reason());
    }
    Map<String, Integer> closedByTag = new TreeMap<>();
    closedTasks.forEach(task -> closedByTag.merge(REASON_TAGS.contains(task.reason()) ? task.reason() : "other", 1, Integer::sum));
    if (!closedByTag.isEmpty()) {
      afterCommit(() -> closedByTag.forEach((tag, n) -> meters.counter("cuifu.phone.tasks.closed", "reason", tag).increment(n)));
    }
    return closedTasks.size();
  }

  private record ClosedTask(long taskId, String shopId, String orderId, String reason) {}

  /**
   * The shop's open tasks, highest priority first, then oldest (then lowest id).
   *
   * @param limit 1 to {@link #MAX_LIMIT}
   * @throws IllegalArgumentException on a limit out of range
   */
  @Transactional(readOnly = true)
  public List<PhoneTask> open(String shopId, int limit) {
    Objects.requireNonNull(shopId, "shopId");
    requireLimit(limit);
    return jdbc.sql(
            "select " + COLUMNS + " from phone_task where shop_id = ? and state = 'OPEN'"
                + " order by priority desc, created_at, task_id limit ?")
        .params(shopId, limit)
        .query(PhoneTaskQueue::row)
        .list();
  }

  /** The task of a touch, if it has one. */
  public Optional<PhoneTask> forTouch(long touchId) {
    return jdbc.sql("select " + COLUMNS + " from phone_task where touch_id = ?")
        .param(touchId)
        .query(PhoneTaskQueue::row)
        .optional();
  }

  static void requireLimit(int limit) {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ": " + limit);
    }
  }

  private static void afterCommit(Runnable action) {
    if (!TransactionSynchronizationManager.isSynchronizationActive()) {
      action.run();
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCommit() {
            action.run();
          }
        });
  }

  private static PhoneTask row(ResultSet rs, int n) throws SQLException {
    return new PhoneTask(
        rs.getLong("task_id"),
        rs.getLong("touch_id"),
        rs.getString("shop_id"),
        rs.getString("order_id"),
        rs.getInt("priority"),
        rs.getString("state"),
        rs.getString("reason"),
        Timestamps.fromDb(rs, "created_at"),
        Timestamps.fromDb(rs, "closed_at"),
        rs.getString("close_reason"));
  }
}
