package dev.cuifu.reminder.channel.sms;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Group commit of Twilio's status callbacks: each request queues its callback and waits; one
 * writer thread takes everything queued (up to {@link StatusCallbackProperties#batchSize()}),
 * applies it in one transaction ({@link StatusCallbackHandler#applyAll}), commits, and only then
 * lets each request answer. A request is acknowledged only once its update is committed, so a
 * crash loses nothing Twilio was told it delivered; a full queue, a batch that fails or one that
 * does not commit within {@link StatusCallbackProperties#maxWait()} answers 503 and Twilio posts
 * again (applying a callback twice changes nothing).
 *
 * <p>There is no batch window: the writer takes what arrived while the previous batch committed,
 * so a lone callback commits at once and a flood commits in few, larger transactions.
 *
 * <p>Fairness: callbacks queue in lanes, one per account and sender ({@link StatusCallback#lane}),
 * and a batch takes one callback from each lane in turn. However long one shop's flood, another
 * lane's callback goes into the next batch (unless more lanes than the batch size are waiting); and
 * a lane holds at most {@link StatusCallbackProperties#senderQueueCapacity()}, so one flood is
 * refused (503, Twilio retries) before it fills the queue for everybody.
 */
@Component
class StatusCallbackQueue implements SmartLifecycle {

  static final String METRIC_BATCH_SIZE = "cuifu.sms.status_callbacks.batch.size";
  static final String METRIC_BATCH = "cuifu.sms.status_callbacks.batch";
  static final String METRIC_WAIT = "cuifu.sms.status_callbacks.wait";
  static final String METRIC_REFUSED = "cuifu.sms.status_callbacks.refused";
  static final String METRIC_QUEUED = "cuifu.sms.status_callbacks.queued";

  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(StatusCallbackQueue.class);

  private record Pending(StatusCallback callback, CompletableFuture<Integer> done, long queuedAt) {}

  private final StatusCallbackHandler handler;
  private final StatusCallbackProperties properties;
  private final MeterRegistry meters;
  private final DistributionSummary batchSizes;
  private final Timer committed;
  private final Timer failed;
  private final Timer waits;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  /** Queued callbacks by lane; {@link #turns} holds each non-empty lane once, next to be served first. */
  private final Map<String, ArrayDeque<Pending>> lanes = new HashMap<>();
  private final ArrayDeque<String> turns = new ArrayDeque<>();
  private int queued;
  private boolean running;
  private Thread writer;

  StatusCallbackQueue(StatusCallbackHandler handler, StatusCallbackProperties properties, MeterRegistry meters) {
    this.handler = handler;
    this.properties = properties;
    this.meters = meters;
    this.batchSizes =
        DistributionSummary.builder(METRIC_BATCH_SIZE).description("status callbacks applied per transaction").register(meters);
    this.committed = batchTimer(meters, "committed");
    this.failed = batchTimer(meters, "failed");
    this.waits =
        Timer.builder(METRIC_WAIT).description("a status callback's time from queued to committed").register(meters);
    Gauge.builder(METRIC_QUEUED, this, StatusCallbackQueue::queued).description("status callbacks waiting for a batch").register(meters);
    for (String reason : List.of("queue_full", "timeout", "failed")) {
      refused(reason);
    }
  }

  private static Timer batchTimer(MeterRegistry meters, String outcome) {
    return Timer.builder(METRIC_BATCH)
        .description("one batch of status callbacks: its transaction from start to commit or rollback")
        .tag("outcome", outcome)
        .register(meters);
  }

  private Counter refused(String reason) {
    return Counter.builder(METRIC_REFUSED).tag("reason", reason).register(meters);
  }

  /**
   * Queues the callback and waits until its batch has committed.
   *
   * @return how many touches it changed
   * @throws StatusCallbackUnavailableException when the queue (or the callback's lane) is full, or
   *     its batch failed or did not commit within the maximum wait
   */
  int apply(StatusCallback callback) {
    Pending pending = new Pending(callback, new CompletableFuture<>(), System.nanoTime());
    offer(pending);
    try {
      return pending.done().get(properties.maxWait().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      // not taken yet: the writer skips it; taken: it may still commit, and Twilio's retry changes nothing
      pending.done().cancel(false);
      refused("timeout").increment();
      throw new StatusCallbackUnavailableException(
          "The delivery report was not recorded within " + properties.maxWait() + "; post it again.");
    } catch (ExecutionException e) {
      throw new StatusCallbackUnavailableException("The delivery report could not be recorded; post it again.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StatusCallbackUnavailableException("The delivery report could not be recorded; post it again.");
    }
  }

  /** A callback with no message id or a status we do not know: counted, logged, never queued. */
  void ignored(String messageSid, String status) {
    meters.counter(StatusCallbackHandler.METRIC, "status", status).increment();
    log.info("sms status callback ignored: sid={} status={} (unknown message or status)", messageSid, status);
  }

  private void offer(Pending pending) {
    String lane = pending.callback().lane();
    lock.lock();
    try {
      ArrayDeque<Pending> queue = lanes.get(lane);
      if (!running || queued >= properties.queueCapacity()
          || queue != null && queue.size() >= properties.senderQueueCapacity()) {
        refused("queue_full").increment();
        throw new StatusCallbackUnavailableException(
            running ? "Too many delivery reports are waiting; post this one again later." : "Shutting down; post again later.");
      }
      if (queue == null) {
        queue = new ArrayDeque<>();
        lanes.put(lane, queue);
        turns.addLast(lane);
      }
      queue.addLast(pending);
      queued++;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Up to a batch, one callback per lane in turn; waits while nothing is queued. Empty: stopping. */
  private List<Pending> takeBatch() throws InterruptedException {
    lock.lock();
    try {
      while (running && queued == 0) {
        notEmpty.await();
      }
      List<Pending> batch = new ArrayList<>();
      while (batch.size() < properties.batchSize() && !turns.isEmpty()) {
        String lane = turns.pollFirst();
        ArrayDeque<Pending> queue = lanes.get(lane);
        Pending next = queue.pollFirst();
        queued--;
        if (queue.isEmpty()) {
          lanes.remove(lane);
        } else {
          turns.addLast(lane);
        }
        if (!next.done().isDone()) {
          batch.add(next);
        }
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void writeLoop() {
    while (true) {
      List<Pending> batch;
      try {
        batch = takeBatch();
      } catch (InterruptedException e) {
        break;
      }
      if (batch.isEmpty()) {
        if (isRunning()) {
          continue;
        }
        break;
      }
      write(batch);
    }
  }

  private void write(List<Pending> batch) {
    long start = System.nanoTime();
    int[] changed;
    try {
      changed = handler.applyAll(batch.stream().map(Pending::callback).toList());
    } catch (RuntimeException e) {
      failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      log.warn("sms status callback batch of {} rolled back; each is answered 503 for Twilio to retry", batch.size(), e);
      Counter failures = refused("failed");
      for (Pending pending : batch) {
        failures.increment();
        pending.done().completeExceptionally(e);
      }
      return;
    }
    long end = System.nanoTime();
    committed.record(end - start, TimeUnit.NANOSECONDS);
    batchSizes.record(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      Pending pending = batch.get(i);
      meters.counter(StatusCallbackHandler.METRIC, "status", pending.callback().status()).increment();
      waits.record(end - pending.queuedAt(), TimeUnit.NANOSECONDS);
      pending.done().complete(changed[i]);
    }
  }

  private int queued() {
    lock.lock();
    try {
      return queued;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void start() {
    lock.lock();
    try {
      if (running) {
        return;
      }
      running = true;
    } finally {
      lock.unlock();
    }
    writer = new Thread(this::writeLoop, "sms-status-callback-writer");
    writer.setDaemon(true);
    writer.start();
  }

  /** Stops after the web server (lower phase), so requests in flight are still written; what is left is refused. */
  @Override
  public void stop() {
    List<Pending> left = new ArrayList<>();
    lock.lock();
    try {
      if (!running) {
        return;
      }
      running = false;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      writer.join(SHUTDOWN_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    lock.lock();
    try {
      lanes.values().forEach(left::addAll);
      lanes.clear();
      turns.clear();
      queued = 0;
    } finally {
      lock.unlock();
    }
    left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("shutting down")));
  }

  @Override
  public boolean isRunning() {
    lock.lock();
    try {
      return running;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 4096;
  }
}
