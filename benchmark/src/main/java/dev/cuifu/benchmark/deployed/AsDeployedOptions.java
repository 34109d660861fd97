package dev.cuifu.benchmark.deployed;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The as-deployed run's settings.
 *
 * @param orders orders posted to order-ingest's batch API (each planned as an SMS touch)
 * @param pending touches due a week ahead added with SQL after the ingest ({@code 0}: none)
 * @param burst SMS touches of the orders posted made due at once, handed to the Twilio stub
 * @param root the project's directory, where {@code <module>/target} holds the jars
 * @param reminderJvm reminder-service's JVM options: by default those of production
 *     ({@link #REMINDER_PRODUCTION})
 * @param nativeMemory whether reminder-service runs with Native Memory Tracking, its summary
 *     printed at the end ({@code jcmd <pid> VM.native_memory summary})
 */
public record AsDeployedOptions(int orders, int pending, int burst, Path root, List<String> reminderJvm, boolean nativeMemory) {

  /**
   * The images' JVM flags (the parent pom's Jib {@code jvmFlags}) in reminder-service's container
   * of deploy/k8s/base (a 1 GiB memory limit, no CPU limit). Outside a container {@code MaxRAM}
   * stands in for the limit, and SerialGC is what the JVM picks by itself in a container of less
   * than 1,792 MiB (not a "server-class machine"), which it does not see here.
   */
  public static final List<String> REMINDER_PRODUCTION =
      List.of("-XX:MaxRAM=1g", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75.0", "-XX:InitialRAMPercentage=50.0",
          "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8");

  /** The same for order-ingest, whose container's limit is 768 MiB. */
  public static final List<String> INGEST_PRODUCTION =
      List.of("-XX:MaxRAM=768m", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75.0", "-XX:InitialRAMPercentage=50.0",
          "-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8");

  public AsDeployedOptions {
    if (orders < 1) {
      throw new IllegalArgumentException("--orders must be at least 1, was " + orders);
    }
    if (pending < 0) {
      throw new IllegalArgumentException("--pending cannot be negative, was " + pending);
    }
    if (burst < 1 || burst > orders) {
      throw new IllegalArgumentException("--burst must be between 1 and --orders, was " + burst);
    }
    reminderJvm = List.copyOf(reminderJvm);
  }

  /**
   * {@code --as-deployed [--orders N] [--pending N] [--burst N] [--root DIR] [--reminder-jvm
   * "FLAGS"] [--native-memory true]}: 20,000 orders, 5,000,000 pending, a burst of at most 2,000.
   */
  public static AsDeployedOptions parse(String... args) {
    int orders = 20_000;
    int pending = 5_000_000;
    int burst = -1;
    Path root = Path.of(".");
    List<String> reminderJvm = REMINDER_PRODUCTION;
    boolean nativeMemory = false;
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (name.equals(AsDeployed.OPTION)) {
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + name);
      }
      String value = args[++i];
      switch (name) {
        case "--orders" -> orders = number(value);
        case "--pending" -> pending = number(value);
        case "--burst" -> burst = number(value);
        case "--root" -> root = Path.of(value);
        case "--reminder-jvm" -> reminderJvm = Arrays.stream(value.trim().split("\\s+")).filter(f -> !f.isEmpty()).toList();
        case "--native-memory" -> nativeMemory = Boolean.parseBoolean(value);
        default -> throw new IllegalArgumentException("unknown option " + name + " (with " + AsDeployed.OPTION + ")");
      }
    }
    return new AsDeployedOptions(orders, pending, burst < 0 ? Math.min(orders, 2_000) : burst, root, reminderJvm, nativeMemory);
  }

  private static int number(String value) {
    return Integer.parseInt(value.replace("_", "").replace(",", ""));
  }
}
