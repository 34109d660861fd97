package dev.cuifu.benchmark;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A plain standalone Quartz program, the kind issue 19 ran beside the benchmark to check its
 * baseline: a JVM of its own with nothing else in it, Quartz's defaults but for the store, the
 * cluster, the pool provider and the workers ({@link QuartzBaseline.Settings#PLAIN}), scheduling
 * and then deleting the same jobs from the same client threads, in a fresh database of its own on
 * the stack's PostgreSQL server. The best-configured baseline should be at least as fast; the
 * report prints both.
 */
final class PlainQuartzProgram {

  /** The benchmark's first argument that runs this program instead ({@link Benchmark#main}). */
  static final String COMMAND = "quartz-plain";

  private static final String RESULT = "quartz-plain-result";
  private static final long LIMIT_MINUTES = 30;

  private PlainQuartzProgram() {}

  static boolean requested(String[] args) {
    return args.length > 0 && args[0].equals(COMMAND);
  }

  /** In its own JVM: {@code quartz-plain <server JDBC URL> <jobs> <clients>}; prints one result line. */
  static void main(String[] args) {
    int jobs = Integer.parseInt(args[2]);
    QuartzBaseline.Scheduling result =
        new QuartzBaseline(args[1], QuartzBaseline.PLAIN_DATABASE, QuartzBaseline.Settings.PLAIN, jobs, Integer.parseInt(args[3]))
            .scheduleAndDelete();
    System.out.println(String.join(" ", RESULT, Long.toString(result.scheduled()), Long.toString(result.deleted()), encode(result.scheduling()), encode(result.deleting())));
  }

  /** Runs the program in a JVM of its own, started as this one was, and reads its figures. */
  static QuartzBaseline.Scheduling runInOwnJvm(String stackJdbcUrl, int jobs, int clients) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    String classPath = System.getProperty("java.class.path");
    if (classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)) {
      command.addAll(List.of("-jar", classPath)); // cuifu-benchmark.jar: its launcher finds the nested jars
    } else {
      command.addAll(List.of("-cp", classPath, Benchmark.class.getName())); // a test's class path
    }
    command.addAll(List.of(COMMAND, stackJdbcUrl, Integer.toString(jobs), Integer.toString(clients)));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(LIMIT_MINUTES, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("the plain Quartz program failed:\n" + output);
      }
      return output.lines()
          .filter(line -> line.startsWith(RESULT + " "))
          .findFirst()
          .map(PlainQuartzProgram::decode)
          .orElseThrow(() -> new IllegalStateException("the plain Quartz program printed no result:\n" + output));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the plain Quartz program", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String encode(Throughput t) {
    return String.format(Locale.ROOT, "%d %d %s %s %s", t.count(), t.nanos(), t.steadyPerSecond(), t.settled(), t.jitShare());
  }

  private static QuartzBaseline.Scheduling decode(String line) {
    String[] f = line.split(" ");
    return new QuartzBaseline.Scheduling(Long.parseLong(f[1]), Long.parseLong(f[2]), throughput(f, 3), throughput(f, 8));
  }

  private static Throughput throughput(String[] f, int at) {
    return new Throughput(
        Long.parseLong(f[at]), Long.parseLong(f[at + 1]), Double.parseDouble(f[at + 2]), Boolean.parseBoolean(f[at + 3]), Double.parseDouble(f[at + 4]));
  }
}
