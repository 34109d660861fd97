package dev.cuifu.reminder.dispatch;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Runs a claimed batch's buyers side by side, so that the provider calls of one batch overlap
 * instead of queueing behind each other. A buyer's touches stay together on one thread: the
 * frequency cap and the merging of orders into one message look at the buyer as a whole.
 */
@Component
class DispatchWorkers implements DisposableBean {

  private final ExecutorService pool;
  private final int parallelism;

  DispatchWorkers(DispatchProperties properties) {
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory named =
        task -> {
          Thread thread = new Thread(task, "dispatch-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.parallelism = properties.parallelism();
    this.pool = properties.parallelism() > 1 ? Executors.newFixedThreadPool(properties.parallelism(), named) : null;
  }

  /**
   * Runs every task and returns when all have finished; the first failure is rethrown then, so
   * that one buyer's failure neither stops the others nor goes unnoticed. At most {@code
   * parallelism} runners (this thread one of them) take the tasks one by one from a shared list, so
   * a slow task holds up none queued behind it, and a batch of a hundred buyers costs a handful of
   * hand-offs to the pool rather than one per buyer.
   */
  void runAll(List<Runnable> tasks) {
    if (pool == null || tasks.size() <= 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Runnable runner =
        () -> {
          for (int i = next.getAndIncrement(); i < tasks.size(); i = next.getAndIncrement()) {
            try {
              tasks.get(i).run();
            } catch (RuntimeException e) {
              failure.compareAndSet(null, e);
            } catch (Error e) {
              // as a pool thread's future reports it: the others still finish
              failure.compareAndSet(null, new IllegalStateException(e));
            }
          }
        };
    int helpers = Math.min(parallelism, tasks.size()) - 1;
    List<Future<?>> running = new ArrayList<>(helpers);
    for (int i = 0; i < helpers; i++) {
      running.add(pool.submit(runner));
    }
    runner.run();
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        failure.compareAndSet(null, e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while dispatching", e);
      }
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  @Override
  public void destroy() throws InterruptedException {
    if (pool != null) {
      pool.shutdown();
      pool.awaitTermination(30, TimeUnit.SECONDS);
    }
  }
}
