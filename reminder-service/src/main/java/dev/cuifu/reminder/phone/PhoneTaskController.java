package dev.cuifu.reminder.phone;

import dev.cuifu.reminder.phone.PhoneTaskQueries.AgentTaskView;
import dev.cuifu.reminder.shop.AuthenticatedShop;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
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
      @Schema(description = "The buyer's phone, masked", example = "+86 139****0001", nullable = true) String maskedPhone) {

    static PhoneTaskView of(AgentTaskView t) {
      return new PhoneTaskView(
          t.taskId(), t.orderId(), t.amountMinor(), t.currency(), t.itemSummary(), t.buyerNote(),
          t.earlierPaidOrders(), t.priority(), t.reason(), t.createdAt(), t.maskedPhone());
    }
  }

  @Schema(description = "The shop's open phone tasks, highest priority first, then oldest")
  record PhoneTaskListView(List<PhoneTaskView> items) {}

  private final PhoneTaskQueries queries;

  PhoneTaskController(PhoneTaskQueries queries) {
    this.queries = queries;
  }

  @Operation(summary = "The shop's open phone tasks, highest priority first, then oldest")
  @ApiResponse(responseCode = "200", description = "The open tasks")
  @ApiResponse(responseCode = "400", description = "Bad limit", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Missing or unknown API key", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/api/v1/phone-tasks")
  PhoneTaskListView open(
      @Parameter(hidden = true) AuthenticatedShop shop,
      @Parameter(description = "How many, 1 to 500", schema = @Schema(type = "integer", defaultValue = "50", minimum = "1", maximum = "500"))
          @RequestParam(name = "limit", required = false)
          String limitValue) {
    String shopId = shop.shopId();
    int limit = limit(limitValue);
    return new PhoneTaskListView(queries.open(shopId, limit).stream().map(PhoneTaskView::of).toList());
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
