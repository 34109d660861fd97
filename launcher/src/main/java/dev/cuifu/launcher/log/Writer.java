package dev.cuifu.launcher.log;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Which part of the launcher's JVM a thread works for (order-ingest, reminder-service, kafka, …),
 * for {@link WriterConverter}. Inherited: the launcher sets it while it starts a component, and
 * every thread that component creates then (its pools, consumers, schedulers, web server) and
 * later from those threads carries the same name.
 */
public final class Writer {

  public static final String LAUNCHER = "launcher";

  private static final InheritableThreadLocal<String> CURRENT = new InheritableThreadLocal<>();

  /** Components a stop left starting: they end with the JVM, and their failures are not news. */
  private static final Set<String> ABANDONED = ConcurrentHashMap.newKeySet();

  private Writer() {}

  /** Runs {@code start} with the current thread (and the threads it creates) working for {@code writer}. */
  public static <T> T as(String writer, Supplier<T> start) {
    String before = CURRENT.get();
    CURRENT.set(writer);
    try {
      return start.get();
    } finally {
      CURRENT.set(before);
    }
  }

  /**
   * Silences {@code writer} from now on ({@link AbandonedWriterFilter}): a stop during start-up
   * stops the database and the broker under a component still starting, whose start then fails
   * with traces that say nothing the stop's own line has not.
   */
  public static void abandon(String writer) {
    ABANDONED.add(writer);
  }

  /** Lets {@code writer} be heard again: a new start of its component (another stack in this JVM). */
  public static void resume(String writer) {
    ABANDONED.remove(writer);
  }

  static boolean currentIsAbandoned() {
    String current = CURRENT.get();
    return current != null && ABANDONED.contains(current);
  }

  /** The current thread's writer, or null when no component claimed it. */
  static String current() {
    return CURRENT.get();
  }
}
