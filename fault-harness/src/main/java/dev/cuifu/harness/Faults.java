package dev.cuifu.harness;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * kill -9 of the services at random moments while the load runs and its SMS fall due, one fault
 * at a time: the killed JVM is started again at once and the next fault waits until it is ready
 * and, after a reminder-service kill, until the order-events group consumes again.
 */
final class Faults {

  /**
   * One kill: which process, when, how long until its successor answered ready and, for
   * reminder-service, until the order-events group consumed again ({@code null}: not measured).
   */
  record Kill(String target, long pid, Instant at, Duration recovery, Duration consuming) {}

  private final List<ServiceProcess> reminders;
  private final ServiceProcess ingest;
  private final FaultHarness.Options options;
  private final Random random;
  private final List<Kill> kills = Collections.synchronizedList(new ArrayList<>());
  private final OrderConsumers consumers;

  Faults(List<ServiceProcess> reminders, ServiceProcess ingest, FaultHarness.Options options, Random random, OrderConsumers consumers) {
    this.consumers = consumers;
    this.reminders = reminders;
    this.ingest = ingest;
    this.options = options;
    this.random = random;
  }

  /** Spreads the kills over {@code window} (at least a few seconds apart); returns when all are done. */
  void run(Duration window) {
    List<ServiceProcess> targets = new ArrayList<>();
    int first = random.nextInt(reminders.size());
    for (int i = 0; i < options.kills(); i++) {
      targets.add(reminders.get((first + i) % reminders.size())); // each instance in turn
    }
    for (int i = 0; i < options.ingestKills(); i++) {
      targets.add(ingest);
    }
    Collections.shuffle(targets, random);
    long slot = window.toMillis() / Math.max(1, targets.size());
    Instant start = Instant.now();
    for (int i = 0; i < targets.size(); i++) {
      // a random moment in this fault's slot of the window, never before the previous one recovered
      Instant at = start.plusMillis(i * slot + (long) (random.nextDouble() * slot * 0.8));
      Launch.sleep(Duration.between(Instant.now(), at));
      ServiceProcess target = targets.get(i);
      long pid = target.pid();
      boolean reminder = target != ingest;
      java.util.Set<String> members = reminder ? consumers.members() : java.util.Set.of();
      Instant killedAt = Instant.now();
      long killedNanos = System.nanoTime();
      target.kill();
      target.start();
      target.awaitReady(Duration.ofMinutes(3));
      Duration ready = Duration.ofNanos(System.nanoTime() - killedNanos);
      // the next fault waits for this too: one fault at a time
      Duration consuming = reminder ? consumers.awaitReplaced(members, reminders.size(), killedNanos, Duration.ofMinutes(3)) : null;
      kills.add(new Kill(target.name(), pid, killedAt, ready, consuming));
      System.out.printf("fault: kill -9 %s (pid %d) at %s; ready again after %.1f s%s%n",
          target.name(), pid, killedAt, ready.toMillis() / 1000.0,
          reminder ? "; order events consumed again after " + (consuming == null ? "> 180 s" : "%.1f s".formatted(consuming.toMillis() / 1000.0)) : "");
    }
  }

  List<Kill> kills() {
    return List.copyOf(kills);
  }
}
