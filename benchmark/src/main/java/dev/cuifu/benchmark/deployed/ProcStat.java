package dev.cuifu.benchmark.deployed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What Linux says about a process in {@code /proc}: its CPU time ({@code stat}'s utime and stime),
 * its resident set ({@code status}'s VmRSS, and VmHWM, the kernel's own peak of it) and its
 * proportional set ({@code smaps_rollup}'s Pss, which shares pages among the processes that map
 * them: PostgreSQL's shared buffers counted once over its processes, not once per backend).
 * Every figure is -1 when the process is gone or there is no {@code /proc}.
 */
final class ProcStat {

  /** Linux's USER_HZ, the unit of {@code /proc/<pid>/stat} times, on every architecture Java runs on. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcStat() {}

  /** User plus system CPU time; with {@code reapedChildren}, that of its children it has waited for too. */
  static long cpuNanos(long pid, boolean reapedChildren) {
    String[] stat = stat(pid);
    if (stat == null) {
      return -1;
    }
    // fields after the command name: [0] state, [1] ppid, … [11] utime, [12] stime, [13] cutime, [14] cstime
    long ticks = Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
    if (reapedChildren) {
      ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
    }
    return ticks * NANOS_PER_TICK;
  }

  static long residentBytes(long pid) {
    return statusKilobytes(pid, "VmRSS:") * 1024;
  }

  static long peakResidentBytes(long pid) {
    return statusKilobytes(pid, "VmHWM:") * 1024;
  }

  static long proportionalBytes(long pid) {
    return kilobytes(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:") * 1024;
  }

  static long parent(long pid) {
    String[] stat = stat(pid);
    return stat == null ? -1 : Long.parseLong(stat[1]);
  }

  /** The processes whose parent is {@code pid}. */
  static List<Long> children(long pid) {
    List<Long> children = new ArrayList<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
        long child = Long.parseLong(process.getFileName().toString());
        if (parent(child) == pid) {
          children.add(child);
        }
      }
    } catch (IOException e) {
      // no /proc: no children known
    }
    return children;
  }

  /** The load averages over 1, 5 and 15 minutes, as {@code /proc/loadavg} gives them; "unknown" elsewhere. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + ", " + fields[1] + ", " + fields[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }

  private static long statusKilobytes(long pid, String field) {
    return kilobytes(Path.of("/proc", Long.toString(pid), "status"), field);
  }

  private static long kilobytes(Path file, String field) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      // gone, or not Linux
    }
    return -1;
  }

  /** {@code /proc/<pid>/stat} split after the command name (which may hold spaces); null if gone. */
  private static String[] stat(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | StringIndexOutOfBoundsException e) {
      return null;
    }
  }
}
