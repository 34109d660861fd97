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

/** Process and HTTP plumbing shared by the harness's parts. */
final class Launch {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private Launch() {}

  /** The running JVM's own {@code java}. */
  static List<String> javaCommand() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * This harness again, in another JVM, with {@code arguments}: {@code java -jar fault-harness.jar}
   * when started from the repackaged jar, else the same class path (a test's).
   */
  static List<String> selfCommand(String... arguments) {
    List<String> command = new ArrayList<>(javaCommand());
    command.add("-Xmx512m");
    String classPath = System.getProperty("java.class.path");
    if (FaultHarness.class.getClassLoader().getClass().getName().startsWith("org.springframework.boot.loader")) {
      command.addAll(List.of("-jar", classPath));
    } else {
      command.addAll(List.of("-cp", classPath, FaultHarness.class.getName()));
    }
    command.addAll(List.of(arguments));
    return command;
  }

  /** A POST with a JSON body; {@code null} when nothing answered (the service is down). */
  static HttpResponse<String> post(String url, String headerName, String headerValue, String json) {
    return send("POST", url, headerName, headerValue, json);
  }

  static HttpResponse<String> put(String url, String headerName, String headerValue, String json) {
    return send("PUT", url, headerName, headerValue, json);
  }

  private static HttpResponse<String> send(String method, String url, String headerName, String headerValue, String json) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(15))
            .header("Content-Type", "application/json")
            .header(headerName, headerValue)
            .method(method, HttpRequest.BodyPublishers.ofString(json))
            .build();
    return exchange(request);
  }

  static HttpResponse<String> get(String url, String headerName, String headerValue) {
    return exchange(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).header(headerName, headerValue).GET().build());
  }

  private static HttpResponse<String> exchange(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static void sleep(Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
