package dev.cuifu.reminder.phone;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.security.AgentUser;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The phone agents' own API (HTTP Basic, role AGENT or SHOP_ADMIN): the queue of their shop with
 * masked numbers, claiming a task (which reveals the number) and completing it. The shop is the
 * agent's, never a parameter; another shop's task is 404.
 */
@Tag(name = "Agent phone tasks", description = "Phone agents claim and complete calls about unpaid orders.")
@RestController
class AgentTaskController {

  /** The longest note an agent may leave on a task. */
  static final int MAX_NOTE = 2_000;

  /** How far ahead a call back may be scheduled (the payment window is about 3 days). */
  static final Duration MAX_CALL_BACK = Duration.ofDays(14);

  private static final String PROBLEM_JSON = "application/problem+json";

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

  @Schema(description = "The shop's tasks an agent may claim now, highest priority first, then oldest")
  record AgentTaskListView(List<AgentTaskView> items) {}

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
      @Schema(description = "The buyer's other orders in this shop, newest first (at most 10)") List<BuyerOrderView> buyerOrders) {}

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

  @Schema(description = "How the call ended")
  record Completion(
      @Schema(description = "WILL_PAY, PAID, DECLINED, NO_ANSWER, WRONG_NUMBER or CALL_BACK", example = "CALL_BACK") String outcome,
      @Schema(description = "Why the buyer did not pay (流失原因)", example = "PAYMENT_PROBLEM", nullable = true) String lossReason,
      @Schema(description = "Free text, at most 2000 characters", nullable = true) String note,
      @Schema(description = "For CALL_BACK: when to call again (ISO-8601 instant, in the future)", nullable = true) String callBackAt) {}

  @Schema(description = "The task after completion")
  record CompletedView(long taskId, String state, String outcome, String lossReason, Instant callBackAt) {}

  private final JdbcClient jdbc;
  private final PhoneAgentDesk desk;
  private final Clock clock;

  AgentTaskController(JdbcClient jdbc, PhoneAgentDesk desk, Clock clock) {
    this.jdbc = jdbc;
    this.desk = desk;
    this.clock = clock;
  }

  @Operation(summary = "The shop's tasks an agent may claim now (open, call back due, or claim expired)")
  @ApiResponse(responseCode = "200", description = "The tasks, phones masked")
  @ApiResponse(responseCode = "400", description = "Bad limit", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Not signed in as an agent", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/agent/tasks")
  AgentTaskListView available(
      @AuthenticationPrincipal AgentUser agent,
      @Parameter(description = "How many, 1 to 500", schema = @Schema(type = "integer", defaultValue = "50"))
          @RequestParam(name = "limit", required = false)
          String limitValue) {
    int limit = PhoneTaskController.limit(limitValue);
    Instant now = clock.instant();
    List<AgentTaskView> items =
        jdbc.sql(
                """
                select t.task_id, t.order_id, o.amount_minor, o.currency, o.item_summary, o.buyer_note,
                       coalesce(h.paid_orders + h.imported_paid_orders, 0) as earlier_paid_orders,
                       t.priority, t.reason, t.created_at, o.buyer_phone, t.outcome, t.call_back_at,
                       case when t.state = 'CLAIMED' then t.claimed_by end as previously_claimed_by
                from phone_task t
                join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
                left join buyer_history h on h.shop_id = o.shop_id and h.buyer_id = o.buyer_id
                where t.shop_id = :shop
                  and ((t.state = 'OPEN' and (t.call_back_at is null or t.call_back_at <= :now))
                       or (t.state = 'CLAIMED' and t.claim_until <= :now))
                order by t.priority desc, t.created_at, t.task_id
                limit :limit
                """)
            .param("shop", agent.shopId())
            .param("now", Timestamps.toDb(now))
            .param("limit", limit)
            .query(
                (rs, n) -> {
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
                })
            .list();
    return new AgentTaskListView(items);
  }

  @Operation(summary = "Claim a task: it is the agent's for the claim lease, and the full number is shown")
  @ApiResponse(responseCode = "200", description = "Claimed (or the agent's own claim renewed)")
  @ApiResponse(responseCode = "401", description = "Not signed in as an agent", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "404", description = "No such task in the agent's shop", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(
      responseCode = "409",
      description = "Held by another agent, closed, or its call back is not due yet",
      content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping("/agent/tasks/{taskId}/claim")
  ClaimedTaskView claim(@AuthenticationPrincipal AgentUser agent, @PathVariable("taskId") long taskId) {
    desk.claim(agent.shopId(), taskId, agent.getUsername());
    return held(agent, taskId).orElseThrow();
  }

  @Operation(summary = "A task the agent holds: the order, the full number and the buyer's other orders")
  @ApiResponse(responseCode = "200", description = "The held task")
  @ApiResponse(responseCode = "401", description = "Not signed in as an agent", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "404", description = "No such task in the agent's shop", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "409", description = "The agent does not hold a live claim on it", content = @Content(mediaType = PROBLEM_JSON))
  @GetMapping("/agent/tasks/{taskId}")
  ClaimedTaskView task(@AuthenticationPrincipal AgentUser agent, @PathVariable("taskId") long taskId) {
    return held(agent, taskId)
        .orElseThrow(
            () -> {
              boolean exists =
                  jdbc.sql("select count(*) from phone_task where task_id = ? and shop_id = ?")
                          .params(taskId, agent.shopId())
                          .query(Long.class)
                          .single()
                      > 0;
              return exists
                  ? PhoneTaskProblems.conflict("You do not hold a claim on phone task " + taskId + "; claim it first.")
                  : PhoneTaskProblems.notFound(taskId);
            });
  }

  @Operation(summary = "Hand a claimed task back to the queue, whoever holds it (SHOP_ADMIN only)")
  @ApiResponse(responseCode = "204", description = "Released: the task is open again")
  @ApiResponse(responseCode = "403", description = "Not a SHOP_ADMIN", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "404", description = "No such task in the admin's shop", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "409", description = "The task is not claimed", content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping("/agent/tasks/{taskId}/release")
  ResponseEntity<Void> release(@AuthenticationPrincipal AgentUser admin, @PathVariable("taskId") long taskId) {
    desk.release(admin.shopId(), taskId, admin.getUsername());
    return ResponseEntity.noContent().build();
  }

  /** The task with everything for the call, if the agent holds a live claim on it. */
  private Optional<ClaimedTaskView> held(AgentUser agent, long taskId) {
    Optional<ClaimedTaskView> task =
        jdbc.sql(
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
            .params(taskId, agent.shopId(), agent.getUsername(), Timestamps.toDb(clock.instant()))
            .query((rs, n) -> claimed(rs, List.of()))
            .optional();
    return task.map(t -> withBuyerOrders(agent.shopId(), t));
  }

  private ClaimedTaskView withBuyerOrders(String shopId, ClaimedTaskView task) {
    if (task.buyerId() == null) {
      return task;
    }
    List<BuyerOrderView> orders =
        jdbc.sql(
                """
                select order_id, status, amount_minor, currency, item_summary, created_at, paid_at, closed_at
                from buyer_order where shop_id = ? and buyer_id = ? and order_id <> ?
                order by created_at desc nulls last, order_id limit 10
                """)
            .params(shopId, task.buyerId(), task.orderId())
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
    return claimed(task, orders);
  }

  @Operation(summary = "Complete a claimed task with the call's outcome; CALL_BACK re-queues it for callBackAt")
  @ApiResponse(responseCode = "200", description = "Completed")
  @ApiResponse(responseCode = "400", description = "Bad fields, each named", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "401", description = "Not signed in as an agent", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "404", description = "No such task in the agent's shop", content = @Content(mediaType = PROBLEM_JSON))
  @ApiResponse(responseCode = "409", description = "The agent does not hold the claim", content = @Content(mediaType = PROBLEM_JSON))
  @PostMapping(path = "/agent/tasks/{taskId}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
  CompletedView complete(
      @AuthenticationPrincipal AgentUser agent, @PathVariable("taskId") long taskId, @RequestBody Completion body) {
    Instant now = clock.instant();
    List<FieldProblem> errors = new ArrayList<>();
    PhoneOutcome outcome = parse(PhoneOutcome.class, body.outcome());
    if (outcome == null) {
      errors.add(new FieldProblem("outcome", "must be one of WILL_PAY, PAID, DECLINED, NO_ANSWER, WRONG_NUMBER, CALL_BACK"));
    }
    LossReason lossReason = null;
    if (body.lossReason() != null && !body.lossReason().isBlank()) {
      lossReason = parse(LossReason.class, body.lossReason());
      if (lossReason == null) {
        errors.add(new FieldProblem("lossReason", "must be one of " + names(LossReason.values())));
      }
    }
    String note = body.note() == null || body.note().isBlank() ? null : body.note().strip();
    if (note != null && note.length() > MAX_NOTE) {
      errors.add(new FieldProblem("note", "must be at most " + MAX_NOTE + " characters"));
    }
    Instant callBackAt = null;
    if (body.callBackAt() != null && !body.callBackAt().isBlank()) {
      try {
        callBackAt = Instant.parse(body.callBackAt().strip()).truncatedTo(ChronoUnit.MICROS);
      } catch (DateTimeParseException e) {
        errors.add(new FieldProblem("callBackAt", "must be an ISO-8601 instant, e.g. 2026-11-12T02:00:00Z"));
      }
    }
    if (outcome == PhoneOutcome.CALL_BACK && errors.stream().noneMatch(e -> e.field().equals("callBackAt"))) {
      if (callBackAt == null) {
        errors.add(new FieldProblem("callBackAt", "is required for CALL_BACK"));
      } else if (!callBackAt.isAfter(now)) {
        errors.add(new FieldProblem("callBackAt", "must be in the future"));
      } else if (callBackAt.isAfter(now.plus(MAX_CALL_BACK))) {
        errors.add(new FieldProblem("callBackAt", "must be within " + MAX_CALL_BACK.toDays() + " days"));
      }
    } else if (outcome != null && outcome != PhoneOutcome.CALL_BACK && callBackAt != null) {
      errors.add(new FieldProblem("callBackAt", "is only for CALL_BACK"));
    }
    if (!errors.isEmpty()) {
      String detail = errors.size() == 1 ? "1 field is invalid." : errors.size() + " fields are invalid.";
      throw new InvalidRequestException(detail, errors);
    }
    desk.complete(agent.shopId(), taskId, agent.getUsername(), outcome, lossReason, note, callBackAt);
    return new CompletedView(
        taskId,
        outcome.closesTask() ? PhoneTaskQueue.CLOSED : PhoneTaskQueue.OPEN,
        outcome.name(),
        lossReason == null ? null : lossReason.name(),
        callBackAt);
  }

  private static ClaimedTaskView claimed(ResultSet rs, List<BuyerOrderView> buyerOrders) throws SQLException {
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
        buyerOrders);
  }

  private static ClaimedTaskView claimed(ClaimedTaskView t, List<BuyerOrderView> buyerOrders) {
    return new ClaimedTaskView(
        t.taskId(), t.orderId(), t.orderStatus(), t.phone(), t.buyerId(), t.amountMinor(), t.currency(),
        t.itemSummary(), t.buyerNote(), t.orderedAt(), t.paymentDeadline(), t.earlierPaidOrders(),
        t.buyerLastPaidAt(), t.priority(), t.reason(), t.createdAt(), t.claimedBy(), t.claimUntil(),
        t.lastOutcome(), t.lastNote(), buyerOrders);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String names(Enum<?>[] values) {
    return String.join(", ", java.util.Arrays.stream(values).map(Enum::name).toList());
  }
}
