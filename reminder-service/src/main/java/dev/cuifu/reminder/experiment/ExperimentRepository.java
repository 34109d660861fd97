package dev.cuifu.reminder.experiment;

import static dev.cuifu.reminder.ops.SqlArrays.instants;
import static dev.cuifu.reminder.ops.SqlArrays.ints;
import static dev.cuifu.reminder.ops.SqlArrays.longs;
import static dev.cuifu.reminder.ops.SqlArrays.texts;

import dev.cuifu.reminder.ops.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code experiment}, {@code experiment_arm} and {@code experiment_holdout} tables (V14, V24),
 * {@code experiment_decision} and {@code experiment_history} (V25), and attribution: what became of each order an experiment assigned, read from the touches and orders.
 */
@Repository
class ExperimentRepository {

  /**
   * One row per order assigned at planning to an arm of the experiments {@code :ids} (its touch,
   * whatever became of it) or to their holdout, whose due time has come by {@code :now}: intent to
   * treat. Both sides count from the same moment, the due time planning gave the order (the arm's
   * own delay; a held-out order's twin arm's), never the send time, which a deferral moves. The
   * outcome, the same rules on both sides:
   *
   * <ul>
   *   <li>EXCLUDED: paid, closed or the buyer opted out of the tier's channel by that moment — never
   *       eligible for a reminder, counted nowhere;
   *   <li>RECOVERED: {@link Attribution#recoveredWithin} within the attribution window {@code :window};
   *   <li>PENDING: not paid nor closed yet, and neither the payment deadline nor the window has passed;
   *   <li>FAILED: the rest (not paid in time, closed, paid after the window or after another tier's touch).
   * </ul>
   *
   * {@code reached}: the arm's touch was sent; {@code opted_out}: the buyer opted out of its channel at
   * or after the send. Whatever stopped the send after the due time (stock, expiry, a late opt-out, the
   * order paid meanwhile) changes neither: the held-out twin could not have met it either.
   */
  private static final String OUTCOMES =
      """
      with assigned as (
          select t.experiment_id, t.experiment_arm as arm, t.shop_id, t.order_id, t.tier, t.channel,
                 coalesce(t.planned_due_at, t.due_at) as due_at, t.touch_id, t.state = 'SENT' as reached, t.sent_at,
                 t.provider_message_id, t.body
          from touch t
          where t.experiment_id = any (:ids)
          union all
          select h.experiment_id, null, h.shop_id, h.order_id, h.tier, case h.tier when 1 then 'SMS' else 'CHAT' end,
                 h.would_due_at, null, false, null, null, null
          from experiment_holdout h
          where h.experiment_id = any (:ids)
      ), judged as (
          select a.*, o.amount_minor, o.currency, o.paid_at, o.closed_at, o.payment_deadline,
                 coalesce(o.paid_at <= a.due_at or o.closed_at <= a.due_at
                     or exists (select 1 from opt_out x
                                where x.shop_id = a.shop_id and x.channel = a.channel and x.phone = o.buyer_phone
                                  and x.created_at <= a.due_at), false) as excluded,"""
          + Attribution.recoveredWithin("a.due_at", "cast(:window as interval)", "a", "o")
          + """
                  as recovered,
                 a.reached and exists (select 1 from opt_out x
                                       where x.shop_id = a.shop_id and x.channel = a.channel and x.phone = o.buyer_phone
                                         and x.created_at >= a.sent_at) as opted_out
          from assigned a join buyer_order o on o.shop_id = a.shop_id and o.order_id = a.order_id
          where a.due_at <= :now
      )
      select j.*,
             case when j.excluded then 'EXCLUDED'
                  when j.recovered then 'RECOVERED'
                  when (j.paid_at is null or j.paid_at > :now) and (j.closed_at is null or j.closed_at > :now)
                       and :now < least(j.payment_deadline, j.due_at + cast(:window as interval)) then 'PENDING'
                  else 'FAILED' end as outcome
      from judged j
      """;

  /** What became of an assigned order (see {@link #OUTCOMES}). */
  enum Counted {
    EXCLUDED,
    RECOVERED,
    FAILED,
    PENDING;

    /** Recovered or failed: in the rate's denominator. */
    boolean settled() {
      return this == RECOVERED || this == FAILED;
    }
  }

  /**
   * An order of an arm ({@code arm} its id) or of the holdout ({@code arm} null; no touch, never
   * reached) and what became of it.
   */
  record Outcome(
      String arm, Counted counted, boolean reached, Long touchId, String channel, String providerMessageId, String body,
      long amountMinor, String currency, boolean optedOut) {

    boolean recovered() {
      return counted == Counted.RECOVERED;
    }
  }

  private final JdbcClient jdbc;

  ExperimentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long create(String shopId, int tier, String name, ExperimentDesign design, Double decayHoldoutShare, Instant now) {
    long id =
        jdbc.sql(
                """
                insert into experiment (shop_id, tier, name, seed, holdout_share, min_sample_per_arm, started_at, auto_apply,
                                        decay_holdout_share)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning experiment_id
                """)
            .params(
                shopId, tier, name, design.seed(), design.holdoutShare(), design.minSamplePerArm(), Timestamps.toDb(now),
                decayHoldoutShare != null, decayHoldoutShare)
            .query(Long.class)
            .single();
    List<Arm> arms = design.arms();
    List<Integer> positions = new ArrayList<>();
    for (int i = 0; i < arms.size(); i++) {
      positions.add(i);
    }
    jdbc.sql(
            """
            insert into experiment_arm (experiment_id, arm_id, position, script_id, delay_seconds, state)
            select :id, a.arm_id, a.position, a.script_id, a.delay_seconds, a.state
            from unnest(:arms::text[], :positions::int[], :scripts::bigint[], :delays::bigint[], :states::text[])
                as a(arm_id, position, script_id, delay_seconds, state)
            """)
        .param("id", id)
        .param("arms", texts(arms, Arm::id))
        .param("positions", positions.toArray(Integer[]::new))
        .param("scripts", longs(arms, Arm::scriptId))
        .param("delays", longs(arms, a -> a.delay() == null ? null : a.delay().toSeconds()))
        .param("states", texts(arms, a -> a.state().name()))
        .update();
    return id;
  }

  Optional<StoredExperiment> find(String shopId, long id) {
    return load("e.shop_id = :shop and e.experiment_id = :id", Map.of("shop", shopId, "id", id)).stream().findFirst();
  }

  /**
   * Locks the experiment's row until the transaction ends and reads it afresh: every change to an
   * experiment (pin, retire, stop, the rule's decision) takes this lock first, so each sees the
   * others' committed result instead of a snapshot it would overwrite.
   */
  Optional<StoredExperiment> lock(long id) {
    boolean exists = !jdbc.sql("select experiment_id from experiment where experiment_id = ? for update").param(id).query(Long.class).list().isEmpty();
    return exists ? load("e.experiment_id = :id", Map.of("id", id)).stream().findFirst() : Optional.empty();
  }

  List<StoredExperiment> list(String shopId) {
    return load("e.shop_id = :shop", Map.of("shop", shopId));
  }

  /** The running experiments of these shops (one statement, for a consumer batch). */
  List<StoredExperiment> running(Collection<String> shopIds) {
    return load("e.shop_id = any (:shops) and e.stopped_at is null", Map.of("shops", shopIds.toArray(String[]::new)));
  }

  /** The running experiments of every shop, for the periodic winner check. */
  List<StoredExperiment> allRunning() {
    return load("e.stopped_at is null", Map.of());
  }

  private record Row(
      long id, String shopId, int tier, String name, long seed, double holdoutShare, int minSample, Instant startedAt,
      Instant stoppedAt, Double decayHoldoutShare, Arm arm) {}

  private List<StoredExperiment> load(String where, Map<String, Object> params) {
    List<Row> rows =
        jdbc.sql(
                """
                select e.experiment_id, e.shop_id, e.tier, e.name, e.seed, e.holdout_share, e.min_sample_per_arm,
                       e.started_at, e.stopped_at, e.decay_holdout_share, a.arm_id, a.script_id, a.delay_seconds, a.state
                from experiment e join experiment_arm a on a.experiment_id = e.experiment_id
                """
                    + " where "
                    + where
                    + " order by e.experiment_id desc, a.position")
            .params(params)
            .query(
                (rs, n) -> {
                  Long delay = (Long) rs.getObject("delay_seconds");
                  return new Row(
                      rs.getLong("experiment_id"), rs.getString("shop_id"), rs.getInt("tier"), rs.getString("name"), rs.getLong("seed"),
                      rs.getDouble("holdout_share"), rs.getInt("min_sample_per_arm"), Timestamps.fromDb(rs, "started_at"),
                      Timestamps.fromDb(rs, "stopped_at"), (Double) rs.getObject("decay_holdout_share"),
                      new Arm(rs.getString("arm_id"), rs.getLong("script_id"), delay == null ? null : Duration.ofSeconds(delay),
                          Arm.State.valueOf(rs.getString("state"))));
                })
            .list();
    Map<Long, List<Row>> byExperiment = rows.stream().collect(Collectors.groupingBy(Row::id, LinkedHashMap::new, Collectors.toList()));
    return byExperiment.values().stream()
        .map(
            arms -> {
              Row h = arms.get(0);
              return new StoredExperiment(
                  h.id(), h.shopId(), h.tier(), h.name(),
                  new ExperimentDesign(h.seed(), h.holdoutShare(), h.minSample(), arms.stream().map(Row::arm).toList()),
                  h.startedAt(), h.stoppedAt(), h.decayHoldoutShare());
            })
        .toList();
  }

  /** Writes every arm's state (pinning one unpins another in the same statement). */
  void saveArmStates(long id, ExperimentDesign design) {
    jdbc.sql(
            """
            update experiment_arm a set state = s.state
            from unnest(:arms::text[], :states::text[]) as s(arm_id, state)
            where a.experiment_id = :id and a.arm_id = s.arm_id
            """)
        .param("id", id)
        .param("arms", texts(design.arms(), Arm::id))
        .param("states", texts(design.arms(), a -> a.state().name()))
        .update();
  }

  void saveHoldoutShare(long id, double holdoutShare) {
    jdbc.sql("update experiment set holdout_share = ? where experiment_id = ?").params(holdoutShare, id).update();
  }

  /** Records the decision unless one is recorded already: true when this call recorded it. */
  boolean insertDecision(long id, String winner, Instant decidedAt, String evidenceJson) {
    return jdbc.sql(
                """
                insert into experiment_decision (experiment_id, winner, decided_at, evidence)
                values (?, ?, ?, cast(? as jsonb)) on conflict do nothing
                """)
            .params(id, winner, Timestamps.toDb(decidedAt), evidenceJson)
            .update()
        == 1;
  }

  void markApplied(long id) {
    jdbc.sql("update experiment_decision set applied = true where experiment_id = ?").param(id).update();
  }

  /** The stored decision's winner, time, evidence (JSON) and whether it was applied. */
  record DecisionRow(String winner, Instant decidedAt, String evidenceJson, boolean applied) {}

  Optional<DecisionRow> decision(long id) {
    return jdbc.sql("select winner, decided_at, evidence::text as evidence, applied from experiment_decision where experiment_id = ?")
        .param(id)
        .query((rs, n) -> new DecisionRow(rs.getString("winner"), Timestamps.fromDb(rs, "decided_at"), rs.getString("evidence"),
            rs.getBoolean("applied")))
        .optional();
  }

  void addHistory(long id, Instant at, HistoryEntry.Change change, HistoryEntry.Actor actor, String detail) {
    // also the event outbox: the relay publishes the row later (ExperimentEventRelay)
    jdbc.sql("insert into experiment_history (experiment_id, at, change, actor, detail, event_id) values (?, ?, ?, ?, ?, ?)")
        .params(id, Timestamps.toDb(at.truncatedTo(java.time.temporal.ChronoUnit.MICROS)), change.name(), actor.name(), detail,
            java.util.UUID.randomUUID().toString())
        .update();
  }

  /** Every change, oldest first. */
  List<HistoryEntry> history(long id) {
    return jdbc.sql("select at, change, actor, detail from experiment_history where experiment_id = ? order by history_id")
        .param(id)
        .query((rs, n) -> new HistoryEntry(Timestamps.fromDb(rs, "at"), HistoryEntry.Change.valueOf(rs.getString("change")),
            HistoryEntry.Actor.valueOf(rs.getString("actor")), rs.getString("detail")))
        .list();
  }

  boolean stop(String shopId, long id, Instant now) {
    return jdbc.sql("update experiment set stopped_at = ? where experiment_id = ? and shop_id = ? and stopped_at is null")
            .params(Timestamps.toDb(now), id, shopId)
            .update()
        == 1;
  }

  /**
   * Settled (recovered or failed) and recovered orders per arm of each experiment, as the
   * statistics count them: what allocation needs, one statement a batch.
   */
  Map<Long, Map<String, Tally>> allocationTallies(Collection<Long> experimentIds, Instant now, Duration window) {
    Map<Long, Map<String, Tally>> tallies = new HashMap<>();
    jdbc.sql(
            "select experiment_id, arm, count(*) filter (where outcome in ('RECOVERED', 'FAILED')) as settled,"
                + " count(*) filter (where outcome = 'RECOVERED') as recovered from ("
                + OUTCOMES
                + ") c where arm is not null group by experiment_id, arm")
        .param("ids", experimentIds.toArray(Long[]::new))
        .param("now", Timestamps.toDb(now))
        .param("window", interval(window))
        .query(
            rs -> {
              tallies.computeIfAbsent(rs.getLong("experiment_id"), k -> new HashMap<>())
                  .put(rs.getString("arm"), new Tally(rs.getLong("settled"), rs.getLong("recovered"), 0, 0, 0));
            });
    return tallies;
  }

  /** Every counted order of the experiment, arms and holdout, as known at {@code now}. */
  List<Outcome> outcomes(long experimentId, Instant now, Duration window) {
    return jdbc.sql(OUTCOMES + " order by j.touch_id nulls last, j.order_id")
        .param("ids", new Long[] {experimentId})
        .param("now", Timestamps.toDb(now))
        .param("window", interval(window))
        .query(
            (rs, n) ->
                new Outcome(
                    rs.getString("arm"), Counted.valueOf(rs.getString("outcome")), rs.getBoolean("reached"),
                    (Long) rs.getObject("touch_id"), rs.getString("channel"), rs.getString("provider_message_id"), rs.getString("body"),
                    rs.getLong("amount_minor"), rs.getString("currency"), rs.getBoolean("opted_out")))
        .list();
  }

  /**
   * Settled, recovered and pending orders per arm (null: the holdout) and local day in {@code zone}
   * of the moment they count from: the same rows as {@link #outcomes}, so the totals agree.
   */
  record DayCount(LocalDate day, String arm, long sent, long recovered, long pending) {

    DayCount(LocalDate day, String arm, long sent, long recovered) {
      this(day, arm, sent, recovered, 0);
    }
  }

  /** {@link #outcomes} per arm (the holdout's arm null) and day of its due time in {@code zone}. */
  List<DayCount> outcomesPerDay(long experimentId, ZoneId zone, Instant now, Duration window) {
    return jdbc.sql(
            "select (c.due_at at time zone cast(:zone as text))::date as day, c.arm,"
                + " count(*) filter (where c.outcome in ('RECOVERED', 'FAILED')) as sent,"
                + " count(*) filter (where c.outcome = 'RECOVERED') as recovered,"
                + " count(*) filter (where c.outcome = 'PENDING') as pending from ("
                + OUTCOMES
                + ") c group by day, c.arm")
        .param("ids", new Long[] {experimentId})
        .param("zone", zone.getId())
        .param("now", Timestamps.toDb(now))
        .param("window", interval(window))
        .query(
            (rs, n) ->
                new DayCount(
                    rs.getObject("day", LocalDate.class), rs.getString("arm"), rs.getLong("sent"), rs.getLong("recovered"),
                    rs.getLong("pending")))
        .list();
  }

  private static String interval(Duration window) {
    return window.toSeconds() + " seconds";
  }

  /** Records held-out orders in one statement; a replayed order keeps its first record. */
  void insertHoldouts(List<HeldOutOrder> holdouts, Instant now) {
    if (holdouts.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            insert into experiment_holdout (experiment_id, shop_id, order_id, tier, would_due_at, assigned_at, twin_arm)
            select h.experiment_id, h.shop_id, h.order_id, h.tier, h.would_due_at, :now, h.twin_arm
            from unnest(:ids::bigint[], :shops::text[], :orders::text[], :tiers::int[], :dues::timestamptz[], :twins::text[])
                as h(experiment_id, shop_id, order_id, tier, would_due_at, twin_arm)
            on conflict do nothing
            """)
        .param("now", Timestamps.toDb(now))
        .param("ids", longs(holdouts, HeldOutOrder::experimentId))
        .param("shops", texts(holdouts, HeldOutOrder::shopId))
        .param("orders", texts(holdouts, HeldOutOrder::orderId))
        .param("tiers", ints(holdouts, HeldOutOrder::tier))
        .param("dues", instants(holdouts, HeldOutOrder::wouldDueAt))
        .param("twins", texts(holdouts, HeldOutOrder::twinArmId))
        .update();
  }
}
