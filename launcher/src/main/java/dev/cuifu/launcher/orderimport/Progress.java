package dev.cuifu.launcher.orderimport;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The progress bar on stderr: share of the file read (by bytes), rows read, events published,
 * duplicates, lines refused, and the rate. On a terminal it redraws one line at most five times a
 * second; redirected to a file, it writes a line every ten seconds instead of thousands of redraws.
 */
final class Progress {

  /** What the import has done so far. */
  static final class Tally {
    long rows;
    long published;
    long duplicates;
    long refused;
  }

  private static final int WIDTH = 24;

  private final PrintStream err;
  private final long totalBytes;
  private final LongSupplier bytesRead;
  private final boolean terminal;
  private final long started = System.nanoTime();
  private long lastDrawn = started;

  Progress(PrintStream err, long totalBytes, LongSupplier bytesRead, boolean terminal) {
    this.err = err;
    this.totalBytes = totalBytes;
    this.bytesRead = bytesRead;
    this.terminal = terminal;
  }

  void update(Tally tally) {
    long now = System.nanoTime();
    if (now - lastDrawn < (terminal ? 200_000_000L : 10_000_000_000L)) {
      return;
    }
    lastDrawn = now;
    draw(tally, false);
  }

  void finish(Tally tally) {
    draw(tally, true);
  }

  private void draw(Tally tally, boolean done) {
    double share = done ? 1 : totalBytes <= 0 ? 0 : Math.min(1, bytesRead.getAsLong() / (double) totalBytes);
    int filled = (int) Math.round(share * WIDTH);
    double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
    String line =
        String.format(
            Locale.ROOT,
            "[%s%s] %3d%%  %,d rows  %,d published  %,d duplicates  %,d refused  %,.0f rows/s",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            Math.round(share * 100),
            tally.rows,
            tally.published,
            tally.duplicates,
            tally.refused,
            tally.rows / seconds);
    if (terminal) {
      err.print("\r" + line + (done ? "\n" : ""));
    } else {
      err.println(line);
    }
    err.flush();
  }
}
