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

  DispatchWorkers(DispatchProperties properties) {
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory named =
        task -> {
          Thread thread = new Thread(task, "dispatch-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    this.pool = properties.parallelism() > 1 ? Executors.newFixedThreadPool(properties.parallelism(), named) : null;
  }

  /**
   * Runs every task and returns when all have finished; the first failure is rethrown then, so
   * that one buyer's failure neither stops the others nor goes unnoticed.
   */
  void runAll(List<Runnable> tasks) {
    if (pool == null || tasks.size() <= 1) {
      tasks.forEach(Runnable::run);
      return;
    }
    List<Future<?>> running = new ArrayList<>(tasks.size());
    for (Runnable task : tasks) {
      running.add(pool.submit(task));
    }
    RuntimeException failure = null;
    for (Future<?> future : running) {
      try {
        future.get();
      } catch (ExecutionException e) {
        if (failure == null) {
          failure = e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while dispatching", e);
      }
    }
    if (failure != null) {
      throw failure;
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
