package dev.cuifu.benchmark.deployed;

import java.util.ArrayList;
import java.util.List;

/**
 * One process of the run (or PostgreSQL's whole tree) as the report shows it: its CPU time per
 * phase, its resident set at the end and at its peak. A JVM's peak is the kernel's VmHWM;
 * PostgreSQL's, the largest sum of its processes' Pss seen by {@link #sample()} (its backends come
 * and go, and each one's VmRSS counts the shared buffers it touched again).
 */
final class ProcessMeter {

  /** One phase of one process: how long the phase lasted and how much CPU the process used in it. */
  record Phase(String name, long wallNanos, long cpuNanos) {}

  private final String name;
  private final String description;
  private final long pid;
  private final boolean postgresTree;
  private final List<Phase> phases = new ArrayList<>();
  private long cpuAtLastPhase;
  private long sampledPeak = -1;

  private ProcessMeter(String name, String description, long pid, boolean postgresTree, long cpuBefore) {
    this.name = name;
    this.description = description;
    this.pid = pid;
    this.postgresTree = postgresTree;
    this.cpuAtLastPhase = cpuBefore;
  }

  /** A JVM this run started: every CPU second it used belongs to the run. */
  static ProcessMeter started(String name, String description, long pid) {
    return new ProcessMeter(name, description, pid, false, 0);
  }

  /** This JVM, the load's client: counted from now. */
  static ProcessMeter self(String name, String description) {
    long pid = ProcessHandle.current().pid();
    return new ProcessMeter(name, description, pid, false, Math.max(0, ProcStat.cpuNanos(pid, false)));
  }

  /** PostgreSQL: the postmaster, its live backends and those it has reaped. */
  static ProcessMeter postgres(String name, String description, long postmasterPid) {
    return new ProcessMeter(name, description, postmasterPid, true, 0);
  }

  String name() {
    return name;
  }

  String description() {
    return description;
  }

  long pid() {
    return pid;
  }

  boolean postgresTree() {
    return postgresTree;
  }

  List<Phase> phases() {
    return List.copyOf(phases);
  }

  long cpuNanos() {
    if (!postgresTree) {
      return ProcStat.cpuNanos(pid, false);
    }
    long total = ProcStat.cpuNanos(pid, true);
    if (total < 0) {
      return -1;
    }
    for (long backend : ProcStat.children(pid)) {
      total += Math.max(0, ProcStat.cpuNanos(backend, false));
    }
    return total;
  }

  /** VmRSS; for PostgreSQL the sum of its processes' Pss. */
  long residentBytes() {
    if (!postgresTree) {
      return ProcStat.residentBytes(pid);
    }
    long total = ProcStat.proportionalBytes(pid);
    if (total < 0) {
      return -1;
    }
    for (long backend : ProcStat.children(pid)) {
      total += Math.max(0, ProcStat.proportionalBytes(backend));
    }
    return total;
  }

  /** VmHWM; for PostgreSQL the largest sum sampled. */
  synchronized long peakBytes() {
    return postgresTree ? sampledPeak : ProcStat.peakResidentBytes(pid);
  }

  /** Notes the resident set now (PostgreSQL's peak is only what was sampled). */
  synchronized void sample() {
    if (postgresTree) {
      sampledPeak = Math.max(sampledPeak, residentBytes());
    }
  }

  /** Closes a phase that lasted {@code wallNanos}: the CPU used since the last one. */
  void endPhase(String phase, long wallNanos) {
    long cpu = cpuNanos();
    phases.add(new Phase(phase, wallNanos, cpu < 0 ? -1 : cpu - cpuAtLastPhase));
    if (cpu >= 0) {
      cpuAtLastPhase = cpu;
    }
  }
}
