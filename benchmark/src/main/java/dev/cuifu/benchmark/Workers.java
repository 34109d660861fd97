package dev.cuifu.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The benchmark's own worker threads: the same work on a number of threads, named so the CPU
 * profile can tell them; or ranges of a workload (batches of orders) shared out among a number of
 * clients.
 */
public final class Workers {

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

  /**
   * Runs {@code work} on each range on {@code clients} threads; returns its results in the ranges'
   * order once all are done. A failure fails the call.
   */
  public static <T> List<T> inParallel(int clients, List<int[]> ranges, Function<int[], T> work) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<T>> futures = new ArrayList<>(ranges.size());
      for (int[] range : ranges) {
        futures.add(pool.submit(() -> work.apply(range)));
      }
      List<T> results = new ArrayList<>(ranges.size());
      for (Future<T> future : futures) {
        results.add(future.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      StackLoad.awaitQuietly(pool);
    }
  }

  /** {@code [from, to)} cut into {@code {start, end}} ranges of {@code size} (the last may be shorter). */
  public static List<int[]> ranges(int from, int to, int size) {
    List<int[]> ranges = new ArrayList<>();
    for (int i = from; i < to; i += size) {
      ranges.add(new int[] {i, Math.min(to, i + size)});
    }
    return ranges;
  }
}
