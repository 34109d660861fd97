package dev.cuifu.reminder.scaleout;

import static dev.cuifu.reminder.ReminderTestSupport.created;
import static dev.cuifu.reminder.ReminderTestSupport.publish;
import static dev.cuifu.reminder.ReminderTestSupport.publishShop;
import static dev.cuifu.reminder.ReminderTestSupport.shop;
import static dev.cuifu.reminder.ReminderTestSupport.twilioStub;
import static dev.cuifu.reminder.ReminderTestSupport.uniqueOrderId;
import static dev.cuifu.reminder.ReminderTestSupport.uniquePhone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.testing.SettableClock;
import dev.cuifu.testing.TestInfrastructure;
import dev.cuifu.testing.twilio.StubMessage;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Several reminder-service instances on one database schema and one broker, as a deployment runs
 * them (docs/architecture.md: any number of dispatchers side by side). {@code -Dcuifu.scaleout.touches=N} sets
 * how many touches fall due at once (100,000 by default, the size: 3–6 minutes on a shared
 * 2-core machine). {@code -Dcuifu.scaleout.benchmark=true} also
 * measures dispatch throughput with 1, 2 and 3 instances (docs/benchmarks.md, "Scale-out").
 */
class ScaleOutIntegrationTests {

  static final int TOUCHES = Integer.getInteger("cuifu.scaleout.touches", 100_000);
  private static final String RECOVERY = "lease-recovery";
  private static final String RELAY = "phone-task-event-relay";
  private static final int ORDER_PARTITIONS = 6;
  private static final Duration LEASE = Duration.ofMinutes(2);

  /** Where every instance's clock starts: 10:00 in Shanghai (the buyers' zone), far from quiet hours. */
  private final Instant start =
      ReminderTestSupport.newClock().instant().atZone(ZoneId.of("Asia/Shanghai")).with(LocalTime.of(10, 0)).toInstant();

  /** The benchmark's instances share one clock. */
  private final SettableClock clock = new SettableClock(start);

  @Test
  @DisplayName(
      "rule: three instances, each on its own clock, all sweep and send every due touch exactly once; one whose provider"
          + " calls die (before the call, or after the provider accepted the message) leaves its leases, which the others"
          + " leave alone until their own clocks pass the lease, then send or reconcile without a second message; one"
          + " stopped gracefully leaves none; each clustered Quartz job runs once per firing; once the dead one is closed"
          + " (a clean leave) the orders topic's partitions move to the survivors")
  void threeInstancesSendEveryTouchOnceThroughTheLossOfOne() throws Exception {
    // in-JVM stand-ins: the "kill" is an Error from the provider call and the context is closed
    // afterwards (Kafka sees a clean leave). kill -9 of real processes, a dead member in the
    // consumer group, is the fault harness's (docs/reliability.md).
    ReminderTestSupport.Environment env = ReminderTestSupport.Environment.fresh();
    createOrdersTopic(env);
    List<Instance.Firing> firings = Instance.firings();
    List<Instance> instances = new ArrayList<>();
    // each instance's own clock: a lease expires when the survivors' clocks pass it, not by
    // construction of one frozen clock
    Map<String, SettableClock> clocks = new TreeMap<>();
    try (Admin admin = admin()) {
      for (String name : List.of("a", "b", "c")) {
        instances.add(start(name, env, clocks, firings));
      }
      JdbcClient jdbc = DueTouches.jdbc(env);
      String shopId = newShop(env, jdbc);
      DueTouches touches = DueTouches.plan(jdbc, shopId, "scale-", TOUCHES, start);
      await().atMost(Duration.ofSeconds(60))
          .until(() -> membersOf(admin, env).size() == 3 && assigned(admin, env).size() == ORDER_PARTITIONS);

      touches.fallDue(start, Duration.ofMinutes(2));
      Instance first = instances.get(0);
      await().atMost(Duration.ofSeconds(10)).until(() -> overdue(first) > 0);

      await().atMost(Duration.ofSeconds(300)).until(() -> touches.inState("SENT") >= TOUCHES / 5);
      assertThat(instances).as("every instance sweeps, not only one").allSatisfy(i -> assertThat(i.sent()).isPositive());
      Instance victim = instances.get(1);
      victim.kill();
      // at least one call died before the provider call and one after it
      await().atMost(Duration.ofSeconds(30)).until(() -> victim.crashesAfterTheCall() > 0);
      victim.close();
      instances.remove(victim);
      long stoppedAt = System.nanoTime();
      // a rolling restart meanwhile: c stops gracefully (finishes the batch in hand, claims no
      // more, leaves no lease behind) and a new instance takes its place
      Instance.closeAll(List.of(instances.remove(1)));
      instances.add(start("c2", env, clocks, firings));
      List<SettableClock> survivorClocks = instances.stream().map(i -> clocks.get(i.name())).toList();

      // the survivors send the rest, but leave the victim's leased touches alone while the lease
      // holds (once nothing is planned, the survivors' own sends settle within moments)
      await().atMost(Duration.ofSeconds(600))
          .until(() -> touches.inState("PLANNED") == 0 && touches.inState("SENDING") + touches.inState("SENT") == TOUCHES);
      long leased = settled(() -> touches.inState("SENDING"));
      int diedAfterTheCall = victim.crashesAfterTheCall();
      assertThat(leased).as("the killed instance held claimed touches").isPositive();
      assertThat(leased).as("claims left behind: one per call the killed instance died in, none by the graceful stop")
          .isEqualTo(victim.crashes());
      Set<String> phones = new HashSet<>(touches.phones());
      assertThat(twilioStub().messages().stream().filter(m -> phones.contains(m.to())).count())
          .as("the provider has the messages of the touches sent and of the calls that died after it")
          .isEqualTo(touches.inState("SENT") + diedAfterTheCall);

      // the survivors' clocks move to 10 s before the victim's leases (taken on its clock, which
      // stayed at the start) run out: lease recovery runs on them, and must not take over yet
      survivorClocks.forEach(c -> c.advance(LEASE.minusSeconds(10)));
      pause(Duration.ofSeconds(2));
      assertThat(touches.inState("SENDING")).as("not taken over while the lease holds on the survivors' clocks").isEqualTo(leased);
      assertThat(touches.decisions()).doesNotContainKeys("RECOVERED", "RECONCILED");
      long survivorsSent = instances.stream().mapToLong(Instance::sent).sum();

      survivorClocks.forEach(c -> c.advance(Duration.ofSeconds(70)));
      await().atMost(Duration.ofSeconds(120)).until(() -> touches.inState("SENT") == TOUCHES);
      assertThat(touches.decisions())
          .as("died before the call: planned again and sent; died after it: found at the provider, recorded, not resent")
          .containsEntry("RECOVERED", leased - diedAfterTheCall)
          .containsEntry("RECONCILED", (long) diedAfterTheCall);
      pause(Duration.ofSeconds(1));
      assertSentExactlyOnce(touches);
      await().atMost(Duration.ofSeconds(10)).until(() -> overdue(instances.get(0)) == 0);
      System.out.println(
          "scale-out: " + TOUCHES + " touches; the survivors sent " + survivorsSent + ", " + leased
              + " were recovered from the killed instance's leases (" + diedAfterTheCall + " reconciled with the provider)");

      assertEachFiringRanOnce(firings);
      assertThat(firings.stream().filter(f -> f.startNanos() > stoppedAt).map(Instance.Firing::job).distinct())
          .as("the survivors kept lease recovery going")
          .contains(RECOVERY);

      await().atMost(Duration.ofSeconds(60))
          .until(() -> membersOf(admin, env).size() == 2 && assigned(admin, env).size() == ORDER_PARTITIONS);
      String orderId = uniqueOrderId();
      publish(env.ordersTopic(), created(shopId, orderId, uniquePhone(), survivorClocks.get(0).instant()));
      await().atMost(Duration.ofSeconds(30))
          .alias("an order published after the stop is planned by a survivor")
          .until(() -> jdbc.sql("select count(*) from touch where shop_id = ? and order_id = ?").params(shopId, orderId).query(Long.class).single() > 0);
      assertThat(instances.get(0).meters().find("kafka.consumer.fetch.manager.records.lag.max").gauges())
          .as("the consumers' own lag metrics are exported")
          .isNotEmpty();
    } finally {
      Instance.closeAll(instances);
    }
  }

  /** An instance on a clock of its own, at the survivors' time (the start, before they move on). */
  private Instance start(String name, ReminderTestSupport.Environment env, Map<String, SettableClock> clocks, List<Instance.Firing> firings) {
    SettableClock own = new SettableClock(clocks.values().stream().map(SettableClock::instant).max(Instant::compareTo).orElse(start));
    clocks.put(name, own);
    return Instance.start(name, env, own, firings, "cuifu.reminder.dispatch.lease=" + LEASE);
  }

  @Test
  @EnabledIfSystemProperty(named = "cuifu.scaleout.benchmark", matches = "true")
  void dispatchThroughputWithOneTwoAndThreeInstances() throws Exception {
    ReminderTestSupport.Environment env = ReminderTestSupport.Environment.fresh();
    createOrdersTopic(env);
    List<Instance> instances = new ArrayList<>();
    List<Instance.Firing> firings = Instance.firings();
    List<String> report = new ArrayList<>();
    try {
      JdbcClient jdbc = null;
      String shopId = null;
      for (int size = 1; size <= 3; size++) {
        instances.add(Instance.start("i" + size, env, clock, firings));
        if (jdbc == null) {
          jdbc = DueTouches.jdbc(env);
          shopId = newShop(env, jdbc);
          // a first, unmeasured burst: the JIT's warm-up is not the first instance's fault
          DueTouches warmUp = DueTouches.plan(jdbc, shopId, "warm-up-", TOUCHES / 5, clock.instant());
          warmUp.fallDue(clock.instant(), Duration.ZERO);
          await().atMost(Duration.ofMinutes(10)).until(() -> warmUp.inState("SENT") == warmUp.count());
        }
        DueTouches touches = DueTouches.plan(jdbc, shopId, "bench" + size + "-", TOUCHES, clock.instant());
        pause(Duration.ofSeconds(2));
        Map<String, Long> sentBefore = sentPerInstance(instances);
        long start = System.nanoTime();
        touches.fallDue(clock.instant(), Duration.ZERO);
        await().atMost(Duration.ofMinutes(30)).pollInterval(Duration.ofMillis(50)).until(() -> touches.inState("SENT") == TOUCHES);
        double seconds = (System.nanoTime() - start) / 1e9;
        // which instances did the work: touches each sent during the burst
        Map<String, Long> sent = new TreeMap<>();
        sentPerInstance(instances).forEach((name, total) -> sent.put(name, total - sentBefore.getOrDefault(name, 0L)));
        report.add(
            String.format(
                "scale-out: %d instance(s): %,d touches sent in %.1f s = %.0f touches/s; sent per instance %s",
                size, TOUCHES, seconds, TOUCHES / seconds, sent));
        assertSentExactlyOnce(touches);
      }
    } finally {
      Instance.closeAll(instances);
      report.forEach(System.out::println);
    }
  }

  private static Map<String, Long> sentPerInstance(List<Instance> instances) {
    Map<String, Long> sent = new TreeMap<>();
    instances.forEach(i -> sent.put(i.name(), i.sent()));
    return sent;
  }

  /** The value once it stopped changing for half a second (in-flight sends settled). */
  private static long settled(java.util.function.LongSupplier value) throws InterruptedException {
    long last = value.getAsLong();
    while (true) {
      pause(Duration.ofMillis(500));
      long now = value.getAsLong();
      if (now == last) {
        return now;
      }
      last = now;
    }
  }

  /** The Twilio stub holds exactly one message for each touch's number. */
  private static void assertSentExactlyOnce(DueTouches touches) {
    Set<String> phones = new HashSet<>(touches.phones());
    Map<String, Long> perPhone =
        twilioStub().messages().stream()
            .map(StubMessage::to)
            .filter(phones::contains)
            .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    assertThat(perPhone).as("a message for every touch").hasSize(touches.count());
    assertThat(perPhone.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList())
        .as("numbers that got more than one message")
        .isEmpty();
  }

  /**
   * The clustered JDBC JobStore hands each firing of a trigger to one instance only, and never runs
   * a job on two instances at once ({@code @DisallowConcurrentExecution}): lease recovery and the
   * phone-task outbox relay run once per interval across the cluster.
   */
  private static void assertEachFiringRanOnce(List<Instance.Firing> firings) {
    for (String job : List.of(RECOVERY, RELAY)) {
      List<Instance.Firing> runs =
          firings.stream().filter(f -> f.job().equals(job)).sorted(Comparator.comparingLong(Instance.Firing::startNanos)).toList();
      assertThat(runs).as(job + " ran").isNotEmpty();
      assertThat(
              runs.stream()
                  .collect(Collectors.groupingBy(Instance.Firing::scheduledFor))
                  .values().stream()
                  .filter(same -> same.size() > 1)
                  .toList())
          .as(job + ": no firing run twice")
          .isEmpty();
      for (int i = 1; i < runs.size(); i++) {
        assertThat(runs.get(i).startNanos())
            .as(job + ": run on " + runs.get(i).instance() + " overlaps the previous one on " + runs.get(i - 1).instance())
            .isGreaterThanOrEqualTo(runs.get(i - 1).endNanos());
      }
    }
  }

  private static double overdue(Instance instance) {
    return instance.meters().get("cuifu.touches.overdue").gauge().value();
  }

  private String newShop(ReminderTestSupport.Environment env, JdbcClient jdbc) {
    String id = TestInfrastructure.uniqueName("scale").replace('_', '-');
    publishShop(env.shopsTopic(), shop(id, Duration.ofMinutes(30), start));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> jdbc.sql("select count(*) from shop where shop_id = ?").param(id).query(Long.class).single() == 1);
    return id;
  }

  private static void createOrdersTopic(ReminderTestSupport.Environment env) throws Exception {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(env.ordersTopic(), ORDER_PARTITIONS, (short) 1))).all().get();
    }
  }

  private static Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()));
  }

  private static List<MemberDescription> membersOf(Admin admin, ReminderTestSupport.Environment env) throws Exception {
    String group = env.group() + ".orders";
    ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    return List.copyOf(description.members());
  }

  /** The orders topic's partitions some member of the group holds. */
  private static Set<TopicPartition> assigned(Admin admin, ReminderTestSupport.Environment env) throws Exception {
    Set<TopicPartition> partitions = new TreeSet<>(Comparator.comparing(TopicPartition::toString));
    for (MemberDescription member : membersOf(admin, env)) {
      member.assignment().topicPartitions().stream().filter(tp -> tp.topic().equals(env.ordersTopic())).forEach(partitions::add);
    }
    return partitions;
  }

  private static void pause(Duration duration) throws InterruptedException {
    Thread.sleep(duration.toMillis());
  }
}
