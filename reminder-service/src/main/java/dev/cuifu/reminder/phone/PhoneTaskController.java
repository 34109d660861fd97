package dev.cuifu.reminder.phone;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.common.shop.ApiKeyDigest;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.shop.ShopAuthenticator;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The phone agents' queue as a shop's staff sees it: the open tasks with what an agent needs to
 * pick the next call. The buyer's phone is masked here; the full number is for an agent holding a
 * claim on the task ({@link AgentTaskController}).
 */
@Tag(name = "Phone tasks", description = "Orders worth a phone call, highest priority first.")
@RestController
class PhoneTaskController {

  static final int DEFAULT_LIMIT = 50;

  private static final String PROBLEM_JSON = "application/problem+json";

  @Schema(description = "One open phone task with its order")
  record PhoneTaskView(
      long taskId,
      String orderId,
      @Schema(description = "Order amount in minor units", example = "88800", nullable = true) Long amountMinor,
      @Schema(description = "ISO 4217", example = "CNY", nullable = true) String currency,
      @Schema(nullable = true) String itemSummary,
      @Schema(description = "The buyer's note (备注)", nullable = true) String buyerNote,
      @Schema(description = "The buyer's paid orders in this shop before (counted and imported)") int earlierPaidOrders,
      @Schema(description = "Higher = call first") int priority,
      @Schema(description = "Why this order gets a call", nullable = true) String reason,
      Instant createdAt,
      @Schema(description = "The buyer's phone, masked", example = "+86 139****0001", nullable = true) String maskedPhone) {}

  @Schema(description = "The shop's open phone tasks, highest priority first, then oldest")
  record PhoneTaskListView(List<PhoneTaskView> items) {}

  private final JdbcClient jdbc;
  private final ShopAuthenticator shops;

  PhoneTaskController(JdbcClient jdbc, ShopAuthenticator shops) {
    this.jdbc = jdbc;
    this.shops = shops;
  }

  @Operation(summary = "The shop's open phone tasks, highest priority first, then oldest")
  @ApiResponse(responseCode = "200", description = "The open tasks")
  @ApiResponse(responseCode = "400", description = "Bad limit", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/api/v1/phone-tasks")
  PhoneTaskListView open(
      @Parameter(in = ParameterIn.HEADER, name = ApiKeyDigest.HEADER, required = true)
          @RequestHeader(name = ApiKeyDigest.HEADER, required = false)
          String apiKey,
      @Parameter(description = "How many, 1 to 500", schema = @Schema(type = "integer", defaultValue = "50", minimum = "1", maximum = "500"))
          @RequestParam(name = "limit", required = false)
          String limitValue) {
    String shopId = shops.authenticate(apiKey);
    int limit = limit(limitValue);
    // Same order as PhoneTaskQueue.open, joined with what the agent needs to know.
    List<PhoneTaskView> items =
        jdbc.sql(
                """
                select t.task_id, t.order_id, o.amount_minor, o.currency, o.item_summary, o.buyer_note,
                       coalesce(h.paid_orders + h.imported_paid_orders, 0) as earlier_paid_orders,
                       t.priority, t.reason, t.created_at, o.buyer_phone
                from phone_task t
                join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
                left join buyer_history h on h.shop_id = o.shop_id and h.buyer_id = o.buyer_id
                where t.shop_id = ? and t.state = 'OPEN'
                order by t.priority desc, t.created_at, t.task_id
                limit ?
                """)
            .params(shopId, limit)
            .query(
                (rs, n) -> {
                  String phone = rs.getString("buyer_phone");
                  return new PhoneTaskView(
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
                      phone == null ? null : PhoneNumbers.mask(phone));
                })
            .list();
    return new PhoneTaskListView(items);
  }

  static int limit(String value) {
    if (value == null || value.isBlank()) {
      return DEFAULT_LIMIT;
    }
    int limit;
    try {
      limit = Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      throw InvalidRequestException.of("limit", "must be a whole number from 1 to " + PhoneTaskQueue.MAX_LIMIT);
    }
    if (limit < 1 || limit > PhoneTaskQueue.MAX_LIMIT) {
      throw InvalidRequestException.of("limit", "must be from 1 to " + PhoneTaskQueue.MAX_LIMIT);
    }
    return limit;
  }
}
