package dev.cuifu.benchmark.deployed;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What the as-deployed run prints: a table per process (CPU seconds and share of the cores in each
 * phase, the resident set at the end and at its peak), one line per process side by side, and the
 * figures set against the target. Figures only: nothing here passes or fails the run.
 */
record AsDeployedReport(
    AsDeployedOptions options,
    int cores,
    String loadBefore,
    String loadAfter,
    List<ProcessFigures> processes,
    long ordersPlanned,
    long smsSent,
    long pendingAtEnd,
    JvmMemory reminderMemory,
    String nativeMemory) {

  /** reminder-service's resident set with 5 M touches pending (docs/architecture.md's target, issue 19). */
  static final long TARGET_BYTES = 512L * 1024 * 1024;

  /** The rows of each process's table, by how they begin. */
  static final List<String> PROCESS_ROWS = List.of("start-up", "ingest", "pending fill", "dispatch burst", "all phases", "RSS at the end", "RSS peak");

  /** The rows of the figures' table, by how they begin. */
  static final List<String> FIGURE_ROWS =
      List.of("reminder-service RSS at", "reminder-service heap used", "reminder-service heap committed", "reminder-service non-heap used",
          "reminder-service direct buffers", "reminder-service live threads", "orders planned", "SMS handed to the stub");

  /** One process as it was at the end of the run. */
  record ProcessFigures(String name, String description, long pid, boolean postgres, List<ProcessMeter.Phase> phases, long residentAtEnd, long peak) {

    static ProcessFigures of(ProcessMeter meter) {
      return new ProcessFigures(
          meter.name(), meter.description(), meter.pid(), meter.postgresTree(), meter.phases(), meter.residentBytes(), meter.peakBytes());
    }

    long cpuNanos() {
      return phases.stream().mapToLong(p -> Math.max(0, p.cpuNanos())).sum();
    }

    long wallNanos() {
      return phases.stream().mapToLong(ProcessMeter.Phase::wallNanos).sum();
    }
  }

  void print(PrintStream out) {
    out.printf(Locale.ROOT, "%nAs deployed: %,d orders, %,d pending touches added, a burst of %,d SMS; %d cores; load average %s before, %s after%n",
        options.orders(), options.pending(), options.burst(), cores, loadBefore, loadAfter);
    for (ProcessFigures process : processes) {
      out.printf(Locale.ROOT, "%n%s (pid %d): %s%n%n", process.name(), process.pid(), process.description());
      out.printf(Locale.ROOT, "| %s | wall, s | CPU, s | share of %d cores |%n|---|---:|---:|---:|%n", process.name(), cores);
      for (ProcessMeter.Phase phase : process.phases()) {
        out.printf(Locale.ROOT, "| %s | %.1f | %s | %s |%n", phase.name(), phase.wallNanos() / 1e9, seconds(phase.cpuNanos()), share(phase.cpuNanos(), phase.wallNanos()));
      }
      out.printf(Locale.ROOT, "| all phases | %.1f | %s | %s |%n", process.wallNanos() / 1e9, seconds(process.cpuNanos()), share(process.cpuNanos(), process.wallNanos()));
      out.printf(Locale.ROOT, "| RSS at the end%s | %s | | |%n", process.postgres() ? " (Pss summed over its processes)" : "", mib(process.residentAtEnd()));
      out.printf(Locale.ROOT, "| RSS peak%s | %s | | |%n", process.postgres() ? " (largest sum sampled each second)" : " (VmHWM)", mib(process.peak()));
    }
    out.printf(Locale.ROOT, "%n| process | CPU, s (all phases) | share of %d cores | RSS at the end | RSS peak |%n|---|---:|---:|---:|---:|%n", cores);
    for (ProcessFigures process : processes) {
      out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", process.name(), seconds(process.cpuNanos()), share(process.cpuNanos(), process.wallNanos()),
          mib(process.residentAtEnd()), mib(process.peak()));
    }
    ProcessFigures reminder = processes.stream().filter(p -> p.name().equals("reminder-service")).findFirst().orElseThrow();
    out.printf(Locale.ROOT, "%n| figure | value | target | met |%n|---|---:|---|---|%n");
    out.printf(Locale.ROOT, "| reminder-service RSS at %,d pending | %s | ≤ 512 MiB | %s |%n", pendingAtEnd, mib(reminder.residentAtEnd()),
        reminder.residentAtEnd() < 0 ? "unknown" : reminder.residentAtEnd() <= TARGET_BYTES ? "met" : "not met");
    out.printf(Locale.ROOT, "| reminder-service heap used (Actuator) | %s | | |%n", mib(reminderMemory.heapUsed()));
    out.printf(Locale.ROOT, "| reminder-service heap committed / max | %s / %s | | |%n", mib(reminderMemory.heapCommitted()), mib(reminderMemory.heapMax()));
    out.printf(Locale.ROOT, "| reminder-service non-heap used (metaspace, code cache) | %s | | |%n", mib(reminderMemory.nonHeapUsed()));
    out.printf(Locale.ROOT, "| reminder-service direct buffers | %s | | |%n", mib(reminderMemory.directBuffers()));
    out.printf(Locale.ROOT, "| reminder-service live threads | %d | | |%n", reminderMemory.liveThreads());
    out.printf(Locale.ROOT, "| orders planned (an SMS touch each) | %,d of %,d | | |%n", ordersPlanned, options.orders());
    out.printf(Locale.ROOT, "| SMS handed to the stub in the burst | %,d of %,d | | |%n", smsSent, options.burst());
    if (nativeMemory != null) {
      out.printf("%nreminder-service's native memory (jcmd %d VM.native_memory summary scale=MB):%n%s%n", reminder.pid(), nativeMemory);
    }
  }

  private static String seconds(long nanos) {
    return nanos < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f", nanos / 1e9);
  }

  private String share(long cpuNanos, long wallNanos) {
    return cpuNanos < 0 || wallNanos <= 0 ? "unknown" : String.format(Locale.ROOT, "%.0f%%", 100.0 * cpuNanos / ((double) wallNanos * cores));
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%,d MiB", Math.round(bytes / (1024.0 * 1024)));
  }
}
