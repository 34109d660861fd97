package dev.cuifu.reminder.phone;

import dev.cuifu.common.event.PhoneTaskClaimed;
import dev.cuifu.common.event.PhoneTaskCompleted;
import dev.cuifu.common.event.PhoneTaskEvent;
import dev.cuifu.common.event.PhoneTaskReleased;
import dev.cuifu.reminder.ops.Timestamps;
import dev.cuifu.reminder.security.AgentDisabled;
import dev.cuifu.reminder.timeline.Decision;
import dev.cuifu.reminder.timeline.DecisionLog;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * What phone agents do to the tasks of {@link PhoneTaskQueue}: claim one (held for {@link
 * PhoneAgentProperties#claimLease}; an expired claim may be taken over by anyone of the shop) and
 * complete it with an {@link PhoneOutcome}. Every call is limited to the agent's shop: another
 * shop's task is "not found". Outcomes are counted in {@code cuifu.phone.outcomes{outcome}} and
 * recorded on the order's timeline. A shop admin may release a claim; a disabled agent's claims
 * are released. Every change writes its event to the {@link PhoneTaskOutbox} in its transaction.
 */
@Service
class PhoneAgentDesk {

  /** A claim held by an agent. */
  public record Claim(long taskId, String claimedBy, Instant claimUntil) {}

  /** The close reason of a task an agent closed with a final outcome. */
  public static final String CLOSED_BY_AGENT = "agent";

  private static final Logger log = LoggerFactory.getLogger(PhoneAgentDesk.class);

  private final JdbcClient jdbc;
  private final DecisionLog decisions;
  private final MeterRegistry meters;
  private final PhoneAgentProperties properties;
  private final PhoneTaskOutbox outbox;
  private final Clock clock;

  PhoneAgentDesk(
      JdbcClient jdbc,
      DecisionLog decisions,
      MeterRegistry meters,
      PhoneAgentProperties properties,
      PhoneTaskOutbox outbox,
      Clock clock) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.decisions = decisions;
    this.meters = meters;
    this.properties = properties;
    this.clock = clock;
    for (PhoneOutcome outcome : PhoneOutcome.values()) {
      meters.counter("cuifu.phone.outcomes", "outcome", outcome.name());
    }
  }

  /**
   * Claims the task for the agent: an OPEN task whose call-back time (if any) has come, a task
   * whose claim expired, or the agent's own claim (renewed).
   *
   * @throws PhoneTaskNotFoundException when the shop has no such task; {@link PhoneTaskConflictException}
   *     when another agent holds it, it is closed or its call back is not due yet
   */
  @Transactional
  public Claim claim(String shopId, long taskId, String agent) {
    Objects.requireNonNull(shopId, "shopId");
    Objects.requireNonNull(agent, "agent");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    Instant until = now.plus(properties.claimLease());
    Optional<String> claimed =
        jdbc.sql(
                """
                update phone_task set state = 'CLAIMED', claimed_by = :agent, claim_until = :until
                where task_id = :task and shop_id = :shop
                  and ((state = 'OPEN' and (call_back_at is null or call_back_at <= :now))
                       or (state = 'CLAIMED' and (claim_until <= :now or claimed_by = :agent)))
                returning order_id
                """)
            .param("agent", agent)
            .param("until", Timestamps.toDb(until))
            .param("task", taskId)
            .param("shop", shopId)
            .param("now", Timestamps.toDb(now))
            .query(String.class)
            .optional();
    if (claimed.isEmpty()) {
      throw refusal(shopId, taskId);
    }
    outbox.append(
        new PhoneTaskClaimed(
            PhoneTaskOutbox.newEventId(), PhoneTaskEvent.SCHEMA_VERSION, shopId, claimed.get(), taskId, now, agent, until),
        now);
    log.info("phone task {} claimed: shop={} agent={} until={}", taskId, shopId, agent, until);
    return new Claim(taskId, agent, until);
  }

  /**
   * Completes the agent's claimed task. {@link PhoneOutcome#CALL_BACK} puts it back in the queue
   * (OPEN, not offered before {@code callBackAt}); every other outcome closes it. The outcome is
   * recorded on the timeline of the task's touch.
   *
   * @param callBackAt required for CALL_BACK (and in the future), otherwise null
   * @throws PhoneTaskNotFoundException when the shop has no such task; {@link PhoneTaskConflictException}
   *     when the agent does not hold its claim
   */
  @Transactional
  public void complete(
      String shopId, long taskId, String agent, PhoneOutcome outcome, LossReason lossReason, String note, Instant callBackAt) {
    Objects.requireNonNull(shopId, "shopId");
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(outcome, "outcome");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    if (outcome == PhoneOutcome.CALL_BACK) {
      if (callBackAt == null || !callBackAt.isAfter(now)) {
        throw new IllegalArgumentException("a call back needs a time in the future: " + callBackAt);
      }
    } else if (callBackAt != null) {
      throw new IllegalArgumentException("only a call back has a call-back time");
    }
    boolean closes = outcome.closesTask();
    record Completed(long touchId, String orderId) {}
    Optional<Completed> completed =
        jdbc.sql(
                """
                update phone_task
                set state = :state, claimed_by = null, claim_until = null, outcome = :outcome,
                    loss_reason = :lossReason, note = :note, call_back_at = :callBackAt,
                    closed_at = :closedAt, close_reason = :closeReason
                where task_id = :task and shop_id = :shop and state = 'CLAIMED' and claimed_by = :agent
                returning touch_id, order_id
                """)
            .param("state", closes ? PhoneTaskQueue.CLOSED : PhoneTaskQueue.OPEN)
            .param("outcome", outcome.name())
            .param("lossReason", lossReason == null ? null : lossReason.name())
            .param("note", note)
            .param("callBackAt", Timestamps.toDb(callBackAt == null ? null : callBackAt.truncatedTo(ChronoUnit.MICROS)))
            .param("closedAt", closes ? Timestamps.toDb(now) : null)
            .param("closeReason", closes ? CLOSED_BY_AGENT : null)
            .param("task", taskId)
            .param("shop", shopId)
            .param("agent", agent)
            .query((rs, n) -> new Completed(rs.getLong("touch_id"), rs.getString("order_id")))
            .optional();
    if (completed.isEmpty()) {
      throw completionRefusal(shopId, taskId);
    }
    decisions.record(completed.get().touchId(), Decision.SENT, timelineReason(outcome, lossReason, callBackAt, agent), now);
    outbox.append(
        new PhoneTaskCompleted(
            PhoneTaskOutbox.newEventId(),
            PhoneTaskEvent.SCHEMA_VERSION,
            shopId,
            completed.get().orderId(),
            taskId,
            now,
            agent,
            outcome.name(),
            lossReason == null ? null : lossReason.name(),
            callBackAt == null ? null : callBackAt.truncatedTo(ChronoUnit.MICROS)),
        now);
    log.info("phone task {} completed: shop={} agent={} outcome={} lossReason={}", taskId, shopId, agent, outcome, lossReason);
    afterCommit(
        () -> {
          meters.counter("cuifu.phone.outcomes", "outcome", outcome.name()).increment();
          if (closes) {
            meters.counter("cuifu.phone.tasks.closed", "reason", "other").increment();
          }
        });
  }

  /**
   * A shop admin hands a claimed task back to the queue (the holder went home, say), whoever holds
   * it and whether or not the claim has expired.
   *
   * @throws PhoneTaskNotFoundException when the shop has no such task; {@link PhoneTaskConflictException}
   *     when it is not claimed
   */
  @Transactional
  public void release(String shopId, long taskId, String admin) {
    Objects.requireNonNull(shopId, "shopId");
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    List<Released> released = releaseWhere("task_id = :key", taskId, shopId, admin, RELEASED, now);
    if (released.isEmpty()) {
      TaskState task = state(shopId, taskId).orElseThrow(() -> new PhoneTaskNotFoundException(taskId));
      throw new PhoneTaskConflictException("Phone task " + taskId + " is " + task.state().toLowerCase(java.util.Locale.ROOT) + ", not claimed.");
    }
  }

  /** A disabled agent's claims go back to the queue at once, rather than when their leases run out. */
  @EventListener
  @Transactional
  public void onAgentDisabled(AgentDisabled disabled) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    releaseWhere("claimed_by = :key", disabled.username(), disabled.shopId(), disabled.disabledBy(), AGENT_DISABLED, now);
  }

  /** The reason of a {@link PhoneTaskReleased} event. */
  static final String RELEASED = "released";

  static final String AGENT_DISABLED = "agent-disabled";

  private record Released(long taskId, String orderId, String agent) {}

  private List<Released> releaseWhere(String condition, Object key, String shopId, String by, String reason, Instant now) {
    List<Released> released =
        jdbc.sql(
                """
                update phone_task t set state = 'OPEN', claimed_by = null, claim_until = null
                from (select task_id, claimed_by from phone_task
                      where shop_id = :shop and state = 'CLAIMED' and %s for update) held
                where t.task_id = held.task_id
                returning t.task_id, t.order_id, held.claimed_by
                """
                    .formatted(condition))
            .param("shop", shopId)
            .param("key", key)
            .query((rs, n) -> new Released(rs.getLong(1), rs.getString(2), rs.getString(3)))
            .list();
    for (Released task : released) {
      outbox.append(
          new PhoneTaskReleased(
              PhoneTaskOutbox.newEventId(), PhoneTaskEvent.SCHEMA_VERSION, shopId, task.orderId(), task.taskId(), now,
              task.agent(), by, reason),
          now);
      log.info("phone task {} released: shop={} agent={} by={} reason={}", task.taskId(), shopId, task.agent(), by, reason);
    }
    return released;
  }

  /** What the timeline says; the agent's free-text note stays on the task (it may name the buyer). */
  static String timelineReason(PhoneOutcome outcome, LossReason lossReason, Instant callBackAt, String agent) {
    StringBuilder reason = new StringBuilder("phone outcome: ").append(outcome.name());
    if (lossReason != null) {
      reason.append(", loss reason: ").append(lossReason.name());
    }
    if (callBackAt != null) {
      reason.append(", call back at ").append(callBackAt.truncatedTo(ChronoUnit.SECONDS));
    }
    return reason.append(" (agent ").append(agent).append(')').toString();
  }

  private record TaskState(String state, String claimedBy, Instant claimUntil, Instant callBackAt) {}

  private Optional<TaskState> state(String shopId, long taskId) {
    return jdbc.sql("select state, claimed_by, claim_until, call_back_at from phone_task where task_id = ? and shop_id = ?")
        .params(taskId, shopId)
        .query(
            (rs, n) ->
                new TaskState(
                    rs.getString("state"),
                    rs.getString("claimed_by"),
                    Timestamps.fromDb(rs, "claim_until"),
                    Timestamps.fromDb(rs, "call_back_at")))
        .optional();
  }

  private RuntimeException refusal(String shopId, long taskId) {
    TaskState task = state(shopId, taskId).orElseThrow(() -> new PhoneTaskNotFoundException(taskId));
    return switch (task.state()) {
      case "CLAIMED" ->
          new PhoneTaskConflictException(
              "Phone task " + taskId + " is claimed by " + task.claimedBy() + " until " + task.claimUntil() + ".");
      case "OPEN" ->
          new PhoneTaskConflictException("Phone task " + taskId + " is to be called back at " + task.callBackAt() + ", not before.");
      default -> new PhoneTaskConflictException("Phone task " + taskId + " is closed.");
    };
  }

  private RuntimeException completionRefusal(String shopId, long taskId) {
    TaskState task = state(shopId, taskId).orElseThrow(() -> new PhoneTaskNotFoundException(taskId));
    return switch (task.state()) {
      case "CLAIMED" ->
          new PhoneTaskConflictException("Phone task " + taskId + " is claimed by " + task.claimedBy() + "; only they can complete it.");
      case "OPEN" -> new PhoneTaskConflictException("Phone task " + taskId + " is not claimed; claim it first.");
      default -> new PhoneTaskConflictException("Phone task " + taskId + " is closed.");
    };
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
}
