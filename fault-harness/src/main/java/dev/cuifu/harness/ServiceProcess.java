package dev.cuifu.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One service JVM started from its own jar, on a fixed port so that a restart answers where the
 * killed one did (reminder-service's Twilio status callback URL names its port). {@link #kill()}
 * is {@link Process#destroyForcibly()}: SIGKILL to the JVM, no shutdown hook, no clean leave.
 */
final class ServiceProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String name;
  private final List<String> command;
  private final Path log;
  private final int port;
  private Process process;
  private int starts;

  ServiceProcess(String name, Path jar, int port, List<String> arguments, Path workDir) {
    this.name = name;
    this.port = port;
    this.log = workDir.resolve(name + ".log");
    List<String> command = new ArrayList<>(Launch.javaCommand());
    command.addAll(List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.timezone=Asia/Shanghai"));
    command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
    arguments.forEach(argument -> command.add("--" + argument));
    this.command = List.copyOf(command);
  }

  String name() {
    return name;
  }

  String url() {
    return "http://127.0.0.1:" + port;
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
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process != null && process.isAlive();
  }

  /** Polls {@code /actuator/health/readiness} until it says UP; the time it took. */
  Duration awaitReady(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
      }
      if (ready()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Launch.sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(name + " not ready within " + timeout + "; see " + log);
  }

  private boolean ready() {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness")).timeout(Duration.ofSeconds(2)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && response.body().contains("\"UP\"");
    } catch (IOException e) {
      return false; // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  void stop() {
    if (process != null) {
      process.destroyForcibly();
    }
  }
}
