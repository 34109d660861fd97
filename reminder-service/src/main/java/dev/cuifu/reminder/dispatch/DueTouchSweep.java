package dev.cuifu.reminder.dispatch;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The due-touch sweep, on every instance: each one claims and sends due touches on its own loop,
 * every {@code sweep-interval}, draining batch after batch while they come back full. It runs
 * {@code sweepers} such loops side by side, as that many instances would: while one batch waits on
 * PostgreSQL (its claim, its records), another's rules and sends run; claims are disjoint ({@code
 * SKIP LOCKED}) and the frequency cap counts the other loop's claims in flight ({@link
 * dev.cuifu.reminder.touch.TouchClaims#messagesSentSince}).
 *
 * <p>Why not a clustered Quartz trigger like the other periodic work: Quartz hands each firing to
 * one instance and {@code @DisallowConcurrentExecution} keeps the job on one at a time, so a second
 * instance only took over when the first died — measured 96/149/157 touches/s for 1/2/3 instances.
 * Sweeping needs no such guard: claims are {@code FOR UPDATE SKIP LOCKED} under a lease, so
 * instances sweeping side by side take disjoint batches, and an instance that dies leaves leases
 * that lease recovery (still clustered, once per interval) settles. Work that must happen once per
 * interval across the cluster — lease recovery, the phone-task outbox relay — stays on Quartz.
 *
 * <p>Stopping: no new batch is claimed once the context begins to close; the batch in hand is
 * finished (sent and recorded) before the dispatch pool and the database pool are closed, waiting
 * up to {@link #STOP_WAIT_SECONDS}. Anything cut short is left SENDING under its lease for
 * recovery, as after a crash.
 *
 * <p>With {@code sweep-enabled=false} there is no loop: {@link Dispatcher#dispatchDueNow()} runs a
 * sweep when called (as db-scheduler's ManualScheduler runs due executions), so a test can move its
 * clock, run one, and assert, instead of polling a running sweep.
 */
@Component
class DueTouchSweep implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DueTouchSweep.class);

  /** How long closing waits for the batch in hand (a batch takes well under a second). */
  static final long STOP_WAIT_SECONDS = 30;

  private final Dispatcher dispatcher;
  private final DispatchProperties properties;
  private volatile boolean running;
  private ScheduledExecutorService loop;

  DueTouchSweep(Dispatcher dispatcher, DispatchProperties properties) {
    this.dispatcher = dispatcher;
    this.properties = properties;
  }

  @Override
  public synchronized void start() {
    if (!properties.sweepEnabled()) {
      log.info("due-touch sweep off (cuifu.reminder.dispatch.sweep-enabled=false): touches are sent only when asked");
      running = true;
      return;
    }
    AtomicInteger threads = new AtomicInteger();
    loop =
        Executors.newScheduledThreadPool(
            properties.sweepers(),
            task -> {
              Thread thread = new Thread(task, "due-touch-sweep-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    running = true;
    long interval = properties.sweepInterval().toMillis();
    // staggered, so that an idle instance looks for due touches every interval / sweepers
    for (int i = 0; i < properties.sweepers(); i++) {
      loop.scheduleWithFixedDelay(this::sweep, interval + interval * i / properties.sweepers(), interval, TimeUnit.MILLISECONDS);
    }
  }

  /** One sweep: batch after batch while they come back full and the instance is not stopping. */
  private void sweep() {
    try {
      while (running && dispatcher.dispatchOneBatch() == properties.batchSize()) {
        // a full batch: more may be due, take the next one at once
      }
    } catch (RuntimeException | Error e) {
      // as Quartz did for the sweep job: the next sweep runs anyway (a failure must not end the loop);
      // what was claimed stays SENDING under its lease for recovery
      log.error("due-touch sweep failed; the next one runs in {}", properties.sweepInterval(), e);
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (loop == null) {
      return;
    }
    loop.shutdown();
    try {
      if (!loop.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
        log.warn("due-touch sweep still busy after {} s; its claims are left to lease recovery", STOP_WAIT_SECONDS);
        loop.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      loop.shutdownNow();
    }
    loop = null;
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
