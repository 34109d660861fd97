package dev.cuifu.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The faults of a run, one at a time at random moments spread over the load and its SMS falling
 * due: each fault is done, the system is given back what it lost (the process started again, the
 * provider answering again) and the next fault waits until every service answers ready and the
 * order-events group consumes with every member (after a reminder-service kill: with the killed
 * member replaced). What each cost is recorded.
 */
final class Faults {

  /** What can go wrong. */
  enum Kind {
    KILL_REMINDER("kill -9 reminder-service"),
    KILL_REMINDER_MID_DISPATCH("kill -9 reminder-service while SMS go out"),
    KILL_INGEST("kill -9 order-ingest"),
    RESTART_REMINDER("graceful restart reminder-service"),
    RESTART_INGEST("graceful restart order-ingest"),
    BROKER_RESTART("broker stop/start"),
    BROKER_KILL("broker kill -9/start"),
    POSTGRES_RESTART("PostgreSQL stop/start"),
    SLOW_PROVIDER("slow provider (answers 4 s late)"),
    SLOW_CHAT_UNDER_BURST("slow chat webhook (6 s answers) for 60 s while a burst of orders falls due"),
    FAILING_PROVIDER("failing provider (503)");

    final String label;

    Kind(String label) {
      this.label = label;
    }

    /** A kill -9 of reminder-service: its deliveries under way end OUTCOME_UNKNOWN. */
    boolean killsReminderService() {
      return this == KILL_REMINDER || this == KILL_REMINDER_MID_DISPATCH;
    }
  }

  /**
   * One fault: its kind, which process, when; how long until everything was ready and consuming
   * again ({@code null}: not within 3 minutes), the order-events lag then and the most seen on
   * the way.
   */
  record Fault(Kind kind, String target, Instant at, Duration recovery, long lagAtRecovery, long maxLag) {}

  /** How long an infrastructure process stays down, a provider misbehaves. */
  private static final Duration OUTAGE = Duration.ofSeconds(5);
  private static final Duration PROVIDER_WINDOW = Duration.ofSeconds(8);
  /**
   * Longer than a lease (30 s in the harness): a batch of the burst's buyers, each a 6 s chat
   * delivery ahead of the SMS, outlives the lease it was claimed with.
   */
  private static final Duration BURST_WINDOW = Duration.ofSeconds(60);
  private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(3);

  private final Processes system;
  private final FaultHarness.Options options;
  private final Random random;
  private final List<Fault> done = Collections.synchronizedList(new ArrayList<>());

  /** The processes the faults hit. */
  record Processes(List<ServiceProcess> reminders, ServiceProcess ingest, InfraProcess broker, InfraProcess postgres,
      InfraProcess stubs, OrderConsumers consumers, java.nio.file.Path stubMessages) {}

  Faults(Processes system, FaultHarness.Options options, Random random) {
    this.system = system;
    this.options = options;
    this.random = random;
  }

  /** The faults the options ask for, in a random order. */
  List<Kind> plan() {
    List<Kind> kinds = new ArrayList<>();
    for (int i = 0; i < options.kills(); i++) {
      kinds.add(i % 2 == 1 ? Kind.KILL_REMINDER_MID_DISPATCH : Kind.KILL_REMINDER);
    }
    add(kinds, Kind.KILL_INGEST, options.ingestKills());
    add(kinds, Kind.RESTART_REMINDER, options.restarts());
    add(kinds, Kind.RESTART_INGEST, options.restarts());
    for (int i = 0; i < options.brokerRestarts(); i++) {
      kinds.add(i % 2 == 0 ? Kind.BROKER_RESTART : Kind.BROKER_KILL);
    }
    add(kinds, Kind.POSTGRES_RESTART, options.postgresRestarts());
    add(kinds, Kind.SLOW_PROVIDER, options.providerFaults());
    add(kinds, Kind.FAILING_PROVIDER, options.providerFaults());
    Collections.shuffle(kinds, random);
    if (options.burst() > 0) {
      kinds.add(0, Kind.SLOW_CHAT_UNDER_BURST); // the burst is the load's first orders
    }
    return kinds;
  }

  private static void add(List<Kind> kinds, Kind kind, int times) {
    for (int i = 0; i < times; i++) {
      kinds.add(kind);
    }
  }

  /**
   * Spreads the planned faults over {@code window}; returns when all are done and recovered from.
   * {@link Kind#SLOW_CHAT_UNDER_BURST} starts a second before {@code burstDue}.
   */
  void run(List<Kind> kinds, Duration window, Instant burstDue) {
    long slot = window.toMillis() / Math.max(1, kinds.size());
    Instant start = Instant.now();
    int reminderTurn = random.nextInt(system.reminders().size());
    for (int i = 0; i < kinds.size(); i++) {
      // a random moment in this fault's slot, never before the previous one recovered
      Kind kind = kinds.get(i);
      Instant next = kind == Kind.SLOW_CHAT_UNDER_BURST
          ? burstDue.minusSeconds(1)
          : start.plusMillis(i * slot + (long) (random.nextDouble() * slot * 0.8));
      Launch.sleep(Duration.between(Instant.now(), next));
      ServiceProcess reminder = system.reminders().get(reminderTurn++ % system.reminders().size());
      Set<String> members = system.consumers().members();
      Instant at = Instant.now();
      String target = inflict(kind, reminder);
      boolean replaced = kind == Kind.KILL_REMINDER || kind == Kind.KILL_REMINDER_MID_DISPATCH || kind == Kind.RESTART_REMINDER;
      Recovery recovery = awaitRecovery(replaced ? members : null, at);
      Fault fault = new Fault(kind, target, at, recovery.after, recovery.lagAtEnd, recovery.maxLag);
      done.add(fault);
      System.out.printf("fault %d/%d: %s (%s) at %s; recovered after %s s, lag then %d (max %d)%n",
          i + 1, kinds.size(), kind.label, target, at, recovery.after == null ? "> 180" : Report.seconds(recovery.after),
          recovery.lagAtEnd, recovery.maxLag);
    }
  }

  private String inflict(Kind kind, ServiceProcess reminder) {
    switch (kind) {
      case KILL_REMINDER -> {
        return kill(reminder);
      }
      case KILL_REMINDER_MID_DISPATCH -> {
        awaitSmsGoingOut(Duration.ofSeconds(20));
        return kill(reminder);
      }
      case KILL_INGEST -> {
        return kill(system.ingest());
      }
      case RESTART_REMINDER -> {
        return restart(reminder);
      }
      case RESTART_INGEST -> {
        return restart(system.ingest());
      }
      case BROKER_RESTART -> {
        system.broker().stop();
        Launch.sleep(OUTAGE);
        system.broker().start(RECOVERY_TIMEOUT);
        return "broker";
      }
      case BROKER_KILL -> {
        system.broker().kill();
        Launch.sleep(OUTAGE);
        system.broker().start(RECOVERY_TIMEOUT);
        return "broker";
      }
      case POSTGRES_RESTART -> {
        system.postgres().stop();
        Launch.sleep(OUTAGE);
        system.postgres().start(RECOVERY_TIMEOUT);
        return "postgres";
      }
      case SLOW_PROVIDER -> {
        return misbehave(Infrastructure.PROVIDER_SLOW, PROVIDER_WINDOW);
      }
      case FAILING_PROVIDER -> {
        return misbehave(Infrastructure.PROVIDER_FAILING, PROVIDER_WINDOW);
      }
      case SLOW_CHAT_UNDER_BURST -> {
        return misbehave(Infrastructure.CHAT_SLOW, BURST_WINDOW);
      }
      default -> throw new IllegalArgumentException(kind.name());
    }
  }

  private static String kill(ServiceProcess service) {
    String target = service.name() + " pid " + service.pid();
    service.kill();
    service.start();
    return target;
  }

  private static String restart(ServiceProcess service) {
    String target = service.name() + " pid " + service.pid();
    service.stopGracefully();
    service.start();
    return target;
  }

  private String misbehave(String command, Duration window) {
    system.stubs().tell(command);
    Launch.sleep(window);
    system.stubs().tell(Infrastructure.PROVIDERS_OK);
    return "stubs for " + window.toSeconds() + " s";
  }

  /** Waits (at most {@code timeout}) until the stub accepts a message: a dispatch is under way. */
  private void awaitSmsGoingOut(Duration timeout) {
    int before = Counts.readLines(system.stubMessages()).size();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && Counts.readLines(system.stubMessages()).size() == before) {
      Launch.sleep(Duration.ofMillis(20));
    }
  }

  private record Recovery(Duration after, long lagAtEnd, long maxLag) {}

  /**
   * Every service ready and the order-events group stable with every member assigned (and, when
   * {@code replacedMembers} is given, not those members): the time since {@code at}.
   */
  private Recovery awaitRecovery(Set<String> replacedMembers, Instant at) {
    long deadline = System.nanoTime() + RECOVERY_TIMEOUT.toNanos();
    long maxLag = 0;
    while (System.nanoTime() < deadline) {
      long lag = system.consumers().lag();
      maxLag = Math.max(maxLag, lag);
      boolean servicesReady = system.ingest().ready() && system.reminders().stream().allMatch(ServiceProcess::ready);
      if (servicesReady && system.consumers().consuming(replacedMembers, system.reminders().size())) {
        return new Recovery(Duration.between(at, Instant.now()), lag, maxLag);
      }
      Launch.sleep(Duration.ofMillis(250));
    }
    return new Recovery(null, system.consumers().lag(), maxLag);
  }

  List<Fault> done() {
    return List.copyOf(done);
  }
}
