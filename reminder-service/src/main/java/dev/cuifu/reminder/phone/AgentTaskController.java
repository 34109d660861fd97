package dev.cuifu.reminder.phone;

import dev.cuifu.reminder.phone.PhoneTaskQueries.AgentTaskView;
import dev.cuifu.reminder.phone.PhoneTaskQueries.ClaimedTaskView;
import dev.cuifu.reminder.security.AgentUser;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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

  @Schema(description = "The shop's tasks an agent may claim now, highest priority first, then oldest")
  record AgentTaskListView(
      List<AgentTaskView> items,
      @Schema(description = "The shop's time zone (IANA id), in which the agents' page shows every time", example = "Asia/Shanghai")
          String timeZone) {}

  @Schema(description = "How the call ended")
  record Completion(
      @Schema(description = "WILL_PAY, PAID, DECLINED, NO_ANSWER, WRONG_NUMBER or CALL_BACK", example = "CALL_BACK") String outcome,
      @Schema(description = "Why the buyer did not pay (流失原因)", example = "PAYMENT_PROBLEM", nullable = true) String lossReason,
      @Schema(description = "Free text, at most 2000 characters", nullable = true) String note,
      @Schema(description = "For CALL_BACK: when to call again (ISO-8601 instant, in the future)", nullable = true) String callBackAt) {}

  @Schema(description = "The task after completion")
  record CompletedView(long taskId, String state, String outcome, String lossReason, Instant callBackAt) {}

  private final PhoneTaskQueries queries;
  private final PhoneAgentDesk desk;
  private final Clock clock;

  AgentTaskController(PhoneTaskQueries queries, PhoneAgentDesk desk, Clock clock) {
    this.queries = queries;
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
    return new AgentTaskListView(
        queries.claimable(agent.shopId(), clock.instant(), limit), queries.shopZone(agent.shopId()).getId());
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
            () ->
                queries.exists(agent.shopId(), taskId)
                    ? new PhoneTaskConflictException("You do not hold a claim on phone task " + taskId + "; claim it first.")
                    : new PhoneTaskNotFoundException(taskId));
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
    return queries.held(agent.shopId(), taskId, agent.getUsername(), clock.instant());
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
