package dev.cuifu.launcher.orderimport;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The per-line error report, a CSV of {@code line,orderId,reason}, written as errors are found (any
 * number of them in bounded memory) and created only when there is one. Reasons name the column or
 * field and the rule, never a cell's value: the reader's and order-ingest's (which masks numbers).
 */
final class ErrorReport implements AutoCloseable {

  private final Path path;
  private BufferedWriter out;
  private long count;

  ErrorReport(Path path) {
    this.path = path;
  }

  void add(long line, String orderId, String reason) {
    try {
      if (out == null) {
        out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        out.write("line,orderId,reason\n");
      }
      out.write(line + "," + quoted(orderId == null ? "" : orderId) + "," + quoted(reason) + "\n");
      count++;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the error report " + path, e);
    }
  }

  long count() {
    return count;
  }

  Path path() {
    return path;
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }

  @Override
  public void close() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the error report " + path, e);
      }
    }
  }
}
