package dev.cuifu.launcher;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Holds reminder-service's lifecycle (its Kafka consumers, the sweep, Quartz) until order-ingest
 * has started. The launcher starts both contexts at the same time, and a consumer subscribing to
 * order-ingest's topics before order-ingest's own admin has created them would have the broker
 * create them with its defaults (the shops topic not compacted): so reminder-service builds its
 * beans (the schema migrated) alongside order-ingest, and consumes only once the topics are there,
 * as when the two started one after the other. If order-ingest does not start, neither does
 * reminder-service.
 */
final class AfterOrderIngest implements SmartLifecycle {

  private final CompletableFuture<?> ingestStarted;
  private volatile boolean running;

  AfterOrderIngest(CompletableFuture<?> ingestStarted) {
    this.ingestStarted = ingestStarted;
  }

  /** An initializer for reminder-service's context. */
  static void register(ConfigurableApplicationContext context, CompletableFuture<?> ingestStarted) {
    ((GenericApplicationContext) context).registerBean(AfterOrderIngest.class, () -> new AfterOrderIngest(ingestStarted));
  }

  @Override
  public void start() {
    try {
      ingestStarted.join();
    } catch (CompletionException | java.util.concurrent.CancellationException e) {
      throw new OrderIngestDidNotStart(e.getCause() == null ? e : e.getCause());
    }
    running = true;
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** First of every lifecycle: before the listener containers and the web server. */
  @Override
  public int getPhase() {
    return Integer.MIN_VALUE;
  }

  /** reminder-service's start given up because order-ingest's failed: the failure to report is order-ingest's. */
  static final class OrderIngestDidNotStart extends RuntimeException {

    OrderIngestDidNotStart(Throwable cause) {
      super("order-ingest did not start", cause);
    }
  }
}
