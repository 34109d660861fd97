package dev.cuifu.reminder.backtest;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * The API's backtests on a pool of their own ({@link BacktestProperties}): at most {@code threads}
 * replay at once whatever the number of requests, the next {@code queue} wait, and one more is a
 * 429 with {@code Retry-After: 5}. A shop has at most one backtest running or waiting, so one shop
 * cannot keep the pool to itself (a backtest runs on when its client hangs up). The request thread
 * waits for its backtest's answer.
 */
@Component
class BacktestRunner implements DisposableBean {

  private final ThreadPoolExecutor pool;
  private final BacktestProperties properties;
  /** Shops with a backtest running or waiting. */
  private final Set<String> shopsHolding = ConcurrentHashMap.newKeySet();

  BacktestRunner(BacktestProperties properties) {
    this.properties = properties;
    AtomicInteger threads = new AtomicInteger();
    BlockingQueue<Runnable> waiting = properties.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(properties.queue());
    this.pool =
        new ThreadPoolExecutor(
            properties.threads(), properties.threads(), 0, TimeUnit.SECONDS, waiting,
            task -> {
              Thread thread = new Thread(task, "backtest-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
  }

  /**
   * {@code backtest}'s answer for {@code shopId}, computed on the pool; a 429 when the shop has one
   * running or waiting already, or the pool and its queue are full.
   */
  <T> T run(String shopId, Callable<T> backtest) {
    if (!shopsHolding.add(shopId)) {
      throw busy("Your shop has a backtest running or waiting already; one at a time per shop, try again in a few seconds.");
    }
    Future<T> future;
    try {
      future =
          pool.submit(
              () -> {
                try {
                  return backtest.call();
                } finally {
                  shopsHolding.remove(shopId);
                }
              });
    } catch (RejectedExecutionException e) {
      shopsHolding.remove(shopId);
      throw busy((properties.threads() + properties.queue()) + " backtests are running or waiting already; try again in a few seconds.");
    }
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("backtest failed", e.getCause());
    } catch (InterruptedException e) {
      future.cancel(true);
      shopsHolding.remove(shopId); // a task cancelled before it started never reaches its finally
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a backtest", e);
    }
  }

  /** Backtests waiting for a thread. */
  int waiting() {
    return pool.getQueue().size();
  }

  private static ErrorResponseException busy(String detail) {
    ErrorResponseException busy =
        new ErrorResponseException(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, detail), null);
    busy.getHeaders().set(HttpHeaders.RETRY_AFTER, "5");
    return busy;
  }

  @Override
  public void destroy() throws InterruptedException {
    pool.shutdownNow();
    pool.awaitTermination(10, TimeUnit.SECONDS);
  }
}
