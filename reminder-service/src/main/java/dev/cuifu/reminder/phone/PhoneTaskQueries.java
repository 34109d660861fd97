package dev.cuifu.reminder.phone;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.shop.Shop;
import dev.cuifu.reminder.shop.ShopDirectory;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The phone tasks as the shop's staff and its agents read them: each task joined with its order
 * and the buyer's history. Phones are masked except on a task the agent holds a live claim on.
 */
@Repository
class PhoneTaskQueries {

  @Schema(description = "A task an agent may claim, with the buyer's phone masked")
  record AgentTaskView(
      long taskId,
      String orderId,
      @Schema(description = "Order amount in minor units", example = "88800", nullable = true) Long amountMinor,
      @Schema(description = "ISO 4217", example = "CNY", nullable = true) String currency,
      @Schema(nullable = true) String itemSummary,
      @Schema(description = "The buyer's note (备注)", nullable = true) String buyerNote,
      int earlierPaidOrders,
      @Schema(description = "Higher = call first") int priority,
      @Schema(nullable = true) String reason,
      Instant createdAt,
      @Schema(description = "The buyer's phone, masked", example = "+86 139****0001", nullable = true) String maskedPhone,
      @Schema(description = "The outcome of the last call, e.g. CALL_BACK", nullable = true) String lastOutcome,
      @Schema(description = "When the buyer asked to be called back", nullable = true) Instant callBackAt,
      @Schema(description = "An expired claim's former holder", nullable = true) String previouslyClaimedBy) {}

  @Schema(description = "A claimed task: everything needed for the call, the full phone number included")
  record ClaimedTaskView(
      long taskId,
      String orderId,
      @Schema(description = "UNPAID, PAID or CLOSED") String orderStatus,
      @Schema(description = "The buyer's full phone number (E.164)", nullable = true) String phone,
      @Schema(nullable = true) String buyerId,
      @Schema(nullable = true) Long amountMinor,
      @Schema(nullable = true) String currency,
      @Schema(nullable = true) String itemSummary,
      @Schema(description = "The buyer's note (备注)", nullable = true) String buyerNote,
      @Schema(nullable = true) Instant orderedAt,
      @Schema(nullable = true) Instant paymentDeadline,
      @Schema(description = "The buyer's paid orders in this shop before (counted and imported)") int earlierPaidOrders,
      @Schema(nullable = true) Instant buyerLastPaidAt,
      int priority,
      @Schema(nullable = true) String reason,
      Instant createdAt,
      String claimedBy,
      @Schema(description = "The claim is held until then; after it another agent may take over") Instant claimUntil,
      @Schema(description = "The outcome of an earlier call (a call back)", nullable = true) String lastOutcome,
      @Schema(nullable = true) String lastNote,
      @Schema(description = "The buyer's other orders in this shop, newest first (at most 10)") List<BuyerOrderView> buyerOrders,
      @Schema(description = "The shop's time zone (IANA id), in which the agents' page shows every time", example = "Asia/Shanghai")
          String timeZone) {}

  @Schema(description = "Another order of the same buyer in the shop")
  record BuyerOrderView(
      String orderId,
      @Schema(description = "UNPAID, PAID or CLOSED") String status,
      @Schema(nullable = true) Long amountMinor,
      @Schema(nullable = true) String currency,
      @Schema(nullable = true) String itemSummary,
      @Schema(nullable = true) Instant orderedAt,
      @Schema(nullable = true) Instant paidAt,
      @Schema(nullable = true) Instant closedAt) {}

  /** A queued task with its order and the buyer's history: the columns {@link #queued} reads. */
  private static final String QUEUED =
      """
      select t.task_id, t.order_id, o.amount_minor, o.currency, o.item_summary, o.buyer_note,
             coalesce(h.paid_orders + h.imported_paid_orders, 0) as earlier_paid_orders,
             t.priority, t.reason, t.created_at, o.buyer_phone, t.outcome, t.call_back_at,
             case when t.state = 'CLAIMED' then t.claimed_by end as previously_claimed_by
      from phone_task t
      join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
      left join buyer_history h on h.shop_id = o.shop_id and h.buyer_id = o.buyer_id
      """;

  private final JdbcClient jdbc;
  private final ShopDirectory shops;

  PhoneTaskQueries(JdbcClient jdbc, ShopDirectory shops) {
    this.jdbc = jdbc;
    this.shops = shops;
  }

  /**
   * The shop's time zone, as its shop record names it (the dashboard's too): agents read every
   * time in it, wherever their browser is. UTC for a shop not (yet) replicated here.
   */
  ZoneId shopZone(String shopId) {
    return shops.find(shopId).map(Shop::timeZone).orElse(ZoneOffset.UTC);
  }

  /** The shop's OPEN tasks, in {@link PhoneTaskQueue#open}'s order. */
  List<AgentTaskView> open(String shopId, int limit) {
    return jdbc.sql(
            QUEUED
                + """
                where t.shop_id = :shop and t.state = 'OPEN'
                order by t.priority desc, t.created_at, t.task_id
                limit :limit
                """)
        .param("shop", shopId)
        .param("limit", limit)
        .query((rs, n) -> queued(rs))
        .list();
  }

  /** The tasks an agent may claim now: open with no call back due later, or with an expired claim. */
  List<AgentTaskView> claimable(String shopId, Instant now, int limit) {
    return jdbc.sql(
            QUEUED
                + """
                where t.shop_id = :shop
                  and ((t.state = 'OPEN' and (t.call_back_at is null or t.call_back_at <= :now))
                       or (t.state = 'CLAIMED' and t.claim_until <= :now))
                order by t.priority desc, t.created_at, t.task_id
                limit :limit
                """)
        .param("shop", shopId)
        .param("now", Timestamps.toDb(now))
        .param("limit", limit)
        .query((rs, n) -> queued(rs))
        .list();
  }

  /** The task with everything for the call, if the agent holds a live claim on it at {@code now}. */
  Optional<ClaimedTaskView> held(String shopId, long taskId, String agent, Instant now) {
    return jdbc.sql(
            """
            select t.task_id, t.order_id, o.status, o.buyer_phone, o.buyer_id, o.amount_minor, o.currency,
                   o.item_summary, o.buyer_note, o.created_at as ordered_at, o.payment_deadline,
                   coalesce(h.paid_orders + h.imported_paid_orders, 0) as earlier_paid_orders, h.last_paid_at,
                   t.priority, t.reason, t.created_at, t.outcome, t.note, t.claimed_by, t.claim_until
            from phone_task t
            join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
            left join buyer_history h on h.shop_id = o.shop_id and h.buyer_id = o.buyer_id
            where t.task_id = ? and t.shop_id = ? and t.state = 'CLAIMED' and t.claimed_by = ? and t.claim_until > ?
            """)
        .params(taskId, shopId, agent, Timestamps.toDb(now))
        .query((rs, n) -> claimed(rs))
        .optional()
        .map(task -> forTheCall(shopId, task, shopZone(shopId).getId()));
  }

  boolean exists(String shopId, long taskId) {
    return jdbc.sql("select count(*) from phone_task where task_id = ? and shop_id = ?")
            .params(taskId, shopId)
            .query(Long.class)
            .single()
        > 0;
  }

  /** The task as the agent sees it: with the buyer's other orders and the shop's time zone. */
  private ClaimedTaskView forTheCall(String shopId, ClaimedTaskView t, String timeZone) {
    return new ClaimedTaskView(
        t.taskId(), t.orderId(), t.orderStatus(), t.phone(), t.buyerId(), t.amountMinor(), t.currency(),
        t.itemSummary(), t.buyerNote(), t.orderedAt(), t.paymentDeadline(), t.earlierPaidOrders(),
        t.buyerLastPaidAt(), t.priority(), t.reason(), t.createdAt(), t.claimedBy(), t.claimUntil(),
        t.lastOutcome(), t.lastNote(), buyerOrders(shopId, t.buyerId(), t.orderId()), timeZone);
  }

  /** The buyer's other orders in the shop, newest first; none for an order naming no buyer. */
  private List<BuyerOrderView> buyerOrders(String shopId, String buyerId, String orderId) {
    if (buyerId == null) {
      return List.of();
    }
    return jdbc.sql(
            """
            select order_id, status, amount_minor, currency, item_summary, created_at, paid_at, closed_at
            from buyer_order where shop_id = ? and buyer_id = ? and order_id <> ?
            order by created_at desc nulls last, order_id limit 10
            """)
        .params(shopId, buyerId, orderId)
        .query(
            (rs, n) ->
                new BuyerOrderView(
                    rs.getString("order_id"),
                    rs.getString("status"),
                    (Long) rs.getObject("amount_minor"),
                    rs.getString("currency"),
                    rs.getString("item_summary"),
                    Timestamps.fromDb(rs, "created_at"),
                    Timestamps.fromDb(rs, "paid_at"),
                    Timestamps.fromDb(rs, "closed_at")))
        .list();
  }

  private static AgentTaskView queued(ResultSet rs) throws SQLException {
    String phone = rs.getString("buyer_phone");
    return new AgentTaskView(
        rs.getLong("task_id"),
        rs.getString("order_id"),
        (Long) rs.getObject("amount_minor"),
        rs.getString("currency"),
        rs.getString("item_summary"),
        rs.getString("buyer_note"),
        rs.getInt("earlier_paid_orders"),
        rs.getInt("priority"),
        rs.getString("reason"),
        Timestamps.fromDb(rs, "created_at"),
        phone == null ? null : PhoneNumbers.mask(phone),
        rs.getString("outcome"),
        Timestamps.fromDb(rs, "call_back_at"),
        rs.getString("previously_claimed_by"));
  }

  private static ClaimedTaskView claimed(ResultSet rs) throws SQLException {
    return new ClaimedTaskView(
        rs.getLong("task_id"),
        rs.getString("order_id"),
        rs.getString("status"),
        rs.getString("buyer_phone"),
        rs.getString("buyer_id"),
        (Long) rs.getObject("amount_minor"),
        rs.getString("currency"),
        rs.getString("item_summary"),
        rs.getString("buyer_note"),
        Timestamps.fromDb(rs, "ordered_at"),
        Timestamps.fromDb(rs, "payment_deadline"),
        rs.getInt("earlier_paid_orders"),
        Timestamps.fromDb(rs, "last_paid_at"),
        rs.getInt("priority"),
        rs.getString("reason"),
        Timestamps.fromDb(rs, "created_at"),
        rs.getString("claimed_by"),
        Timestamps.fromDb(rs, "claim_until"),
        rs.getString("outcome"),
        rs.getString("note"),
        List.of(),
        null);
  }
}
