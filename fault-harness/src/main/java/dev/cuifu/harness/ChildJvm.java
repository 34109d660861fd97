package dev.cuifu.harness;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM of the run, started again with the same command after each stop, its output
 * appended to one log file. {@link #kill()} is SIGKILL (no shutdown hook, no clean leave);
 * {@link #stop()} is SIGTERM, the JVM's shutdown hooks run as in an orderly restart.
 */
final class ChildJvm {

  private final String name;
  private final List<String> command;
  private final Path log;
  private Process process;
  private int starts;

  ChildJvm(String name, List<String> command, Path log) {
    this.name = name;
    this.command = List.copyOf(command);
    this.log = log;
  }

  String name() {
    return name;
  }

  Path log() {
    return log;
  }

  void start() {
    try {
      starts++;
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(starts == 1 ? ProcessBuilder.Redirect.to(log.toFile()) : ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name, e);
    }
  }

  /** kill -9: the JVM is gone when this returns. */
  void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit(Duration.ofMinutes(1));
  }

  /** SIGTERM and wait for the JVM to finish its shutdown hooks (kill -9 after {@code grace}). */
  void stop(Duration grace) {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    if (!awaitExit(grace)) {
      kill();
    }
  }

  /** A line on the JVM's standard input (the stubs process takes commands there). */
  void tell(String line) {
    try {
      OutputStream in = process.getOutputStream();
      in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      in.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot tell " + name + " '" + line + "'", e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  int exitValue() {
    return process.exitValue();
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
