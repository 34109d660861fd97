package dev.cuifu.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The benchmark's own worker threads: the same work on a number of threads, named so the CPU profile can tell them. */
final class Workers {

  /** One thread's work. */
  interface Work {
    void run() throws Exception;
  }

  private Workers() {}

  /** Runs {@code work} on {@code threads} threads and returns when all are done; a failure fails the call. */
  static void run(String name, int threads, Work work) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> new Thread(r, name));
    try {
      List<Future<Object>> running = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  work.run();
                  return null;
                }));
      }
      for (Future<Object> future : running) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(name + " failed", e.getCause());
    } finally {
      pool.shutdownNow();
      StackLoad.awaitQuietly(pool);
    }
  }
}
