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
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code experiment}, {@code experiment_arm} and {@code experiment_holdout} tables (V14), and
 * attribution: which of an experiment's orders were recovered, read from the touches and orders.
 */
@Repository
class ExperimentRepository {

  /**
   * One row per sent touch of the experiments {@code :ids}. Recovered: {@link Attribution} (paid after
   * the touch, by the deadline, no other touch in between). Opted out: the buyer opted out of the touch's channel
   * at or after the send.
   */
  private static final String ARM_OUTCOMES =
      """
      select t.experiment_id, t.experiment_arm as arm, t.channel, t.touch_id, t.provider_message_id, t.body,
             o.amount_minor, o.currency,"""
          + Attribution.recoveredAfter("t.sent_at", "t", "o")
          + """
              as recovered,
             exists (select 1 from opt_out x
                     where x.shop_id = t.shop_id and x.channel = t.channel and x.phone = o.buyer_phone
                       and x.created_at >= t.sent_at) as opted_out
      from touch t join buyer_order o on o.shop_id = t.shop_id and o.order_id = t.order_id
      where t.experiment_id = any (:ids) and t.state = 'SENT'
      """;

  /**
   * One row per held-out order whose touch would have been due by {@code :now} and that was still
   * open then (as an arm's touch is only sent to an order still unpaid): recovered on the same terms
   * as a touch sent at that moment.
   */
  private static final String HOLDOUT_OUTCOMES =
      """
      select h.experiment_id, h.would_due_at, o.amount_minor, o.currency,"""
          + Attribution.recoveredAfter("h.would_due_at", "h", "o")
          + """
              as recovered
      from experiment_holdout h join buyer_order o on o.shop_id = h.shop_id and o.order_id = h.order_id
      where h.experiment_id = any (:ids) and h.would_due_at <= :now
        and (o.paid_at is null or o.paid_at > h.would_due_at)
        and (o.closed_at is null or o.closed_at > h.would_due_at)
      """;

  /** A sent touch of an arm and what became of its order. */
  record ArmOutcome(
      String arm, String channel, long touchId, String providerMessageId, String body, long amountMinor, String currency,
      boolean recovered, boolean optedOut) {}

  /** A counted held-out order. */
  record HoldoutOutcome(long amountMinor, String currency, boolean recovered) {}

  private final JdbcClient jdbc;

  ExperimentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long create(String shopId, int tier, String name, ExperimentDesign design, Instant now) {
    long id =
        jdbc.sql(
                """
                insert into experiment (shop_id, tier, name, seed, holdout_share, min_sample_per_arm, started_at)
                values (?, ?, ?, ?, ?, ?, ?) returning experiment_id
                """)
            .params(shopId, tier, name, design.seed(), design.holdoutShare(), design.minSamplePerArm(), Timestamps.toDb(now))
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

  List<StoredExperiment> list(String shopId) {
    return load("e.shop_id = :shop", Map.of("shop", shopId));
  }

  /** The running experiments of these shops (one statement, for a consumer batch). */
  List<StoredExperiment> running(Collection<String> shopIds) {
    return load("e.shop_id = any (:shops) and e.stopped_at is null", Map.of("shops", shopIds.toArray(String[]::new)));
  }

  private record Row(
      long id, String shopId, int tier, String name, long seed, double holdoutShare, int minSample, Instant startedAt,
      Instant stoppedAt, Arm arm) {}

  private List<StoredExperiment> load(String where, Map<String, Object> params) {
    List<Row> rows =
        jdbc.sql(
                """
                select e.experiment_id, e.shop_id, e.tier, e.name, e.seed, e.holdout_share, e.min_sample_per_arm,
                       e.started_at, e.stopped_at, a.arm_id, a.script_id, a.delay_seconds, a.state
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
                      Timestamps.fromDb(rs, "stopped_at"),
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
                  h.startedAt(), h.stoppedAt());
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

  boolean stop(String shopId, long id, Instant now) {
    return jdbc.sql("update experiment set stopped_at = ? where experiment_id = ? and shop_id = ? and stopped_at is null")
            .params(Timestamps.toDb(now), id, shopId)
            .update()
        == 1;
  }

  /** Sent and recovered per arm of each experiment: what allocation needs, one statement a batch. */
  Map<Long, Map<String, Tally>> allocationTallies(Collection<Long> experimentIds) {
    Map<Long, Map<String, Tally>> tallies = new HashMap<>();
    jdbc.sql(
            "select experiment_id, arm, count(*) as sent, count(*) filter (where recovered) as recovered from ("
                + ARM_OUTCOMES
                + ") a group by experiment_id, arm")
        .param("ids", experimentIds.toArray(Long[]::new))
        .query(
            rs -> {
              tallies.computeIfAbsent(rs.getLong("experiment_id"), k -> new HashMap<>())
                  .put(rs.getString("arm"), new Tally(rs.getLong("sent"), rs.getLong("recovered"), 0, 0, 0));
            });
    return tallies;
  }

  List<ArmOutcome> armOutcomes(long experimentId) {
    return jdbc.sql(ARM_OUTCOMES + " order by t.touch_id")
        .param("ids", new Long[] {experimentId})
        .query(
            (rs, n) ->
                new ArmOutcome(
                    rs.getString("arm"), rs.getString("channel"), rs.getLong("touch_id"), rs.getString("provider_message_id"),
                    rs.getString("body"), rs.getLong("amount_minor"), rs.getString("currency"), rs.getBoolean("recovered"),
                    rs.getBoolean("opted_out")))
        .list();
  }

  List<HoldoutOutcome> holdoutOutcomes(long experimentId, Instant now) {
    return jdbc.sql(HOLDOUT_OUTCOMES)
        .param("ids", new Long[] {experimentId})
        .param("now", Timestamps.toDb(now))
        .query((rs, n) -> new HoldoutOutcome(rs.getLong("amount_minor"), rs.getString("currency"), rs.getBoolean("recovered")))
        .list();
  }

  /** Sent and recovered on one local day (the day sent, or the day a held-out order's touch would have been due). */
  record DayCount(LocalDate day, String arm, long sent, long recovered) {}

  /**
   * {@link #armOutcomes}, counted per arm and day the touch was sent in {@code zone}: the same rows
   * as the statistics, so their totals agree.
   */
  List<DayCount> armOutcomesPerDay(long experimentId, ZoneId zone) {
    return jdbc.sql(
            "select (s.sent_at at time zone cast(:zone as text))::date as day, a.arm, count(*) as sent,"
                + " count(*) filter (where a.recovered) as recovered from ("
                + ARM_OUTCOMES
                + ") a join touch s on s.touch_id = a.touch_id group by day, a.arm")
        .param("ids", new Long[] {experimentId})
        .param("zone", zone.getId())
        .query(DAY_COUNT)
        .list();
  }

  /** {@link #holdoutOutcomes}, counted per day a held-out order's touch would have been due in {@code zone}. */
  List<DayCount> holdoutOutcomesPerDay(long experimentId, ZoneId zone, Instant now) {
    return jdbc.sql(
            "select (h.would_due_at at time zone cast(:zone as text))::date as day, null as arm, count(*) as sent,"
                + " count(*) filter (where h.recovered) as recovered from ("
                + HOLDOUT_OUTCOMES
                + ") h group by day")
        .param("ids", new Long[] {experimentId})
        .param("zone", zone.getId())
        .param("now", Timestamps.toDb(now))
        .query(DAY_COUNT)
        .list();
  }

  private static final RowMapper<DayCount> DAY_COUNT =
      (rs, n) -> new DayCount(rs.getObject("day", LocalDate.class), rs.getString("arm"), rs.getLong("sent"), rs.getLong("recovered"));

  /** Records held-out orders in one statement; a replayed order keeps its first record. */
  void insertHoldouts(List<HeldOutOrder> holdouts, Instant now) {
    if (holdouts.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            insert into experiment_holdout (experiment_id, shop_id, order_id, tier, would_due_at, assigned_at)
            select h.experiment_id, h.shop_id, h.order_id, h.tier, h.would_due_at, :now
            from unnest(:ids::bigint[], :shops::text[], :orders::text[], :tiers::int[], :dues::timestamptz[])
                as h(experiment_id, shop_id, order_id, tier, would_due_at)
            on conflict do nothing
            """)
        .param("now", Timestamps.toDb(now))
        .param("ids", longs(holdouts, HeldOutOrder::experimentId))
        .param("shops", texts(holdouts, HeldOutOrder::shopId))
        .param("orders", texts(holdouts, HeldOutOrder::orderId))
        .param("tiers", ints(holdouts, HeldOutOrder::tier))
        .param("dues", instants(holdouts, HeldOutOrder::wouldDueAt))
        .update();
  }
}
