package dev.cuifu.harness;

import java.io.IOException;
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
 * stopped one did (reminder-service's Twilio status callback URL names its port).
 */
final class ServiceProcess {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final ChildJvm jvm;
  private final int port;

  ServiceProcess(String name, Path jar, int port, List<String> arguments, Path workDir) {
    this.port = port;
    List<String> command = new ArrayList<>(Launch.javaCommand());
    command.addAll(List.of("-Xmx320m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Duser.timezone=Asia/Shanghai"));
    command.addAll(List.of("-jar", jar.toString(), "--server.port=" + port));
    arguments.forEach(argument -> command.add("--" + argument));
    this.jvm = new ChildJvm(name, command, workDir.resolve(name + ".log"));
  }

  String name() {
    return jvm.name();
  }

  String url() {
    return "http://127.0.0.1:" + port;
  }

  void start() {
    jvm.start();
  }

  /** kill -9: no shutdown hook, no clean leave from the consumer group. */
  void kill() {
    jvm.kill();
  }

  /** SIGTERM: Spring's graceful shutdown, consumers leave their group. */
  void stopGracefully() {
    jvm.stop(Duration.ofSeconds(60));
  }

  long pid() {
    return jvm.pid();
  }

  /** Polls {@code /actuator/health/readiness} until it says UP; the time it took. */
  Duration awaitReady(Duration timeout) {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!jvm.alive()) {
        throw new IllegalStateException(name() + " exited with " + jvm.exitValue() + "; see " + jvm.log());
      }
      if (ready()) {
        return Duration.ofNanos(System.nanoTime() - start);
      }
      Launch.sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(name() + " not ready within " + timeout + "; see " + jvm.log());
  }

  boolean ready() {
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
    jvm.kill();
  }
}
