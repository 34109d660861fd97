package dev.cuifu.benchmark;

import dev.cuifu.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the cores went in each phase: the CPU time of this JVM's threads, grouped into the stack's
 * components by thread name, the JVM's own work (GC, JIT) and threads that ended, and the embedded
 * PostgreSQL's processes (from {@code /proc}), as shares of the core-seconds the phase had. This is
 * how the benchmark says which component bounds a phase on a machine where everything shares two
 * cores. On a system without {@code /proc}, PostgreSQL is reported as unknown.
 */
final class CpuProfile {

  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} times, on every architecture Java runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  static final String POSTGRES = "PostgreSQL (all its processes)";
  static final String JVM_ITSELF = "threads that ended, other JVM threads";

  /**
   * The JVM's own native threads, seen only in {@code /proc/self/task} (whose names are cut at 15
   * characters): garbage collection and the JIT compilers.
   */
  private static final Map<String, List<String>> JVM_THREADS =
      Map.of(
          "JVM garbage collection", List.of("GC Thread", "G1 "),
          "JVM JIT compilers", List.of("C1 CompilerThre", "C2 CompilerThre"));

  /** Thread-name prefixes of each component, in matching order; the rest is "other threads". */
  private static final Map<String, List<String>> COMPONENTS = components();

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final int cores = Runtime.getRuntime().availableProcessors();
  private final long postmasterPid;
  private final List<String> sections = new ArrayList<>();
  private Snapshot last;

  private CpuProfile(long postmasterPid) {
    this.postmasterPid = postmasterPid;
    this.last = snapshot();
  }

  /** Starts counting now. */
  static CpuProfile start(String postgresJdbcUrl) {
    return new CpuProfile(postmasterPid(postgresJdbcUrl));
  }

  /** Keeps the split since the last call under {@code phase}, and starts counting anew. */
  void endPhase(String phase) {
    Snapshot now = snapshot();
    long wall = now.wallNanos() - last.wallNanos();
    double available = (double) wall * cores;
    Map<String, Long> used = new LinkedHashMap<>();
    long threadsTotal = 0;
    for (String component : now.byComponent().keySet()) {
      long delta = now.byComponent().get(component) - last.byComponent().getOrDefault(component, 0L);
      used.put(component, delta);
      threadsTotal += delta;
    }
    used.put(JVM_ITSELF, Math.max(0, (now.processNanos() - last.processNanos()) - threadsTotal));
    if (now.postgres() != null && last.postgres() != null) {
      used.put(POSTGRES, now.postgres().since(last.postgres()) * NANOS_PER_TICK);
    }
    long total = used.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "cpu, %s (%.1f s x %d cores): %.0f%% used (%.1f core-s)",
                phase,
                wall / 1e9,
                cores,
                100 * total / available,
                total / 1e9));
    used.entrySet().stream()
        .filter(e -> 100 * e.getValue() / available >= 0.5)
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(
            e ->
                line.append(
                    String.format(Locale.ROOT, "; %s %.0f%% (%.1f s)", e.getKey(), 100 * e.getValue() / available, e.getValue() / 1e9)));
    if (now.postgres() == null) {
      line.append("; PostgreSQL unknown (no /proc)");
    }
    sections.add(line.toString());
    last = now;
  }

  /** Starts counting anew without keeping what was used since the last phase (e.g. a pause). */
  void restart() {
    last = snapshot();
  }

  void print(PrintStream out) {
    out.println("CPU by component, as a share of the phase's core-seconds (all cores = 100%) and in CPU seconds:");
    sections.forEach(out::println);
  }

  private record Snapshot(long wallNanos, long processNanos, Map<String, Long> byComponent, PostgresTicks postgres) {}

  /** PostgreSQL's processes at one moment, in clock ticks: the postmaster, its reaped and live children. */
  private record PostgresTicks(long own, long reaped, Map<Long, Long> children) {

    /**
     * Used since {@code before}. A child that ended is in {@code reaped} with its whole lifetime,
     * of which the part seen in {@code before} was counted already (an autovacuum worker that ran
     * through several phases is not charged to the one it ended in).
     */
    long since(PostgresTicks before) {
      long used = own - before.own() + reaped - before.reaped();
      for (Map.Entry<Long, Long> child : children.entrySet()) {
        used += child.getValue() - before.children().getOrDefault(child.getKey(), 0L);
      }
      for (Map.Entry<Long, Long> gone : before.children().entrySet()) {
        if (!children.containsKey(gone.getKey())) {
          used -= gone.getValue();
        }
      }
      return used;
    }
  }

  private Snapshot snapshot() {
    Map<String, Long> byComponent = new LinkedHashMap<>();
    COMPONENTS.keySet().forEach(component -> byComponent.put(component, 0L));
    byComponent.put("other threads", 0L);
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    for (int i = 0; i < ids.length; i++) {
      long cpu = threads.getThreadCpuTime(ids[i]);
      if (infos[i] != null && cpu > 0) {
        byComponent.merge(component(infos[i].getThreadName()), cpu, Long::sum);
      }
    }
    byComponent.putAll(jvmThreadNanos());
    return new Snapshot(System.nanoTime(), os.getProcessCpuTime(), byComponent, postgresTicks());
  }

  /** CPU of the JVM's garbage collector and JIT threads, from {@code /proc/self/task}; empty elsewhere. */
  private static Map<String, Long> jvmThreadNanos() {
    Map<String, Long> nanos = new LinkedHashMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        JVM_THREADS.forEach(
            (component, prefixes) -> {
              if (prefixes.stream().anyMatch(name::startsWith)) {
                nanos.merge(component, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK, Long::sum);
              }
            });
      }
    } catch (IOException e) {
      // not Linux: these threads stay in JVM_ITSELF
    }
    return nanos;
  }

  private static String component(String threadName) {
    for (Map.Entry<String, List<String>> component : COMPONENTS.entrySet()) {
      for (String prefix : component.getValue()) {
        if (threadName.startsWith(prefix)) {
          return component.getKey();
        }
      }
    }
    return threadName.toLowerCase(Locale.ROOT).contains("kafka") ? "Kafka broker" : "other threads";
  }

  private static Map<String, List<String>> components() {
    Map<String, List<String>> components = new LinkedHashMap<>();
    // both services' Tomcat threads are named http-nio-auto-N-exec-M: order-ingest's API during
    // ingest and cancel, reminder-service's Twilio delivery callbacks during dispatch
    components.put("HTTP servers (order-ingest API, reminder-service callbacks)", List.of("http-nio-"));
    components.put("reminder-service consumer (planning, cancelling)", List.of("order-events", "shop-updates"));
    components.put("reminder-service dispatch (sweep, Twilio SDK calls)", List.of("dispatch-", "due-touch-sweep"));
    components.put("Twilio and chat stubs", List.of("twilio-stub", "chat-stub", "HTTP-Dispatcher"));
    components.put("Kafka producers", List.of("kafka-producer-network-thread"));
    components.put("reminder-service Quartz", List.of("cuifu-reminder_"));
    components.put("Quartz baseline", List.of("CuifuBenchmarkBaseline_"));
    components.put("limits (raw producer, raw insert, raw SDK sends)", List.of("raw-"));
    components.put("benchmark clients", List.of("pool-", "HttpClient-", "main", "quartz-client"));
    components.put(
        "Kafka broker",
        List.of("data-plane-kafka", "quorum-controller", "group-coordinator", "share-coordinator", "TxnMarkerSenderThread",
            "ExpirationReaper", "executor-", "controller-", "broker-", "transaction-", "LogDirFailureHandler"));
    return components;
  }

  /** The postmaster is the parent of every backend; found through this connection's backend. */
  private static long postmasterPid(String jdbcUrl) {
    try (Connection db = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        Statement statement = db.createStatement();
        ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
      row.next();
      String[] stat = stat(row.getLong(1));
      return stat == null ? -1 : Long.parseLong(stat[1]);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot find PostgreSQL's backend: " + e.getMessage(), e);
    }
  }

  /** The postmaster's and its children's CPU times; null when {@code /proc} cannot tell. */
  private PostgresTicks postgresTicks() {
    String[] postmaster = postmasterPid < 0 ? null : stat(postmasterPid);
    if (postmaster == null) {
      return null;
    }
    // fields after "(comm) ": [0] state, [1] ppid, [11] utime, [12] stime, [13] cutime, [14] cstime
    Map<Long, Long> children = new HashMap<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        long pid = Long.parseLong(process.getFileName().toString());
        String[] stat = stat(pid);
        if (stat != null && Long.parseLong(stat[1]) == postmasterPid) {
          children.put(pid, Long.parseLong(stat[11]) + Long.parseLong(stat[12]));
        }
      }
    } catch (IOException e) {
      return null;
    }
    return new PostgresTicks(
        Long.parseLong(postmaster[11]) + Long.parseLong(postmaster[12]),
        Long.parseLong(postmaster[13]) + Long.parseLong(postmaster[14]),
        children);
  }

  /** {@code /proc/<pid>/stat} split after the command name (which may hold spaces); null if gone. */
  private static String[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
