package dev.cuifu.benchmark;

import dev.cuifu.testing.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * The baseline the design compares touches with: one Quartz job with one SimpleTrigger per
 * reminder, in Quartz's clustered JDBC JobStore on the same PostgreSQL, in its own schema
 * ({@value #SCHEMA}, the same DDL reminder-service migrates for its own sweep).
 */
final class QuartzBaseline {

  static final String SCHEMA = "quartz_bench";
  private static final String DDL = "db/migration/reminder/V2__quartz_job_store.sql";
  private static final String GROUP = "bench";
  static final int FIRING_THREADS = 10;

  /** What the baseline measured. */
  record Result(
      int jobs,
      long scheduled,
      long deleted,
      long scheduleNanos,
      long deleteNanos,
      long fired,
      long fireNanos,
      Duration fireLagP50,
      Duration fireLagP99,
      Duration fireLagMax) {

    double firedPerSecond() {
      return Rates.perSecond(fired, fireNanos);
    }

    double scheduledPerSecond() {
      return Rates.perSecond(scheduled, scheduleNanos);
    }

    double deletedPerSecond() {
      return Rates.perSecond(deleted, deleteNanos);
    }
  }

  /** When each job of the firing burst ran; the burst falls due when the scheduler starts. */
  private static final Queue<Instant> FIRED = new ConcurrentLinkedQueue<>();

  /** A reminder would be sent here; the job only notes when it ran. */
  public static final class Reminder implements Job {
    @Override
    public void execute(JobExecutionContext context) {
      FIRED.add(Instant.now());
    }
  }

  private final String postgresJdbcUrl;
  private final int jobs;
  private final int clients;

  QuartzBaseline(String postgresJdbcUrl, int jobs, int clients) {
    this.postgresJdbcUrl = postgresJdbcUrl;
    this.jobs = jobs;
    this.clients = clients;
  }

  Result run() {
    createSchema();
    Scheduler scheduler = scheduler();
    try {
      scheduler.start();
      List<int[]> perClient = StackLoad.ranges(0, jobs, (jobs + clients - 1) / clients);
      Date fireAt = new Date(System.currentTimeMillis() + 3_600_000L);

      long start = System.nanoTime();
      schedule(scheduler, perClient, "reminder-", fireAt);
      long scheduleNanos = System.nanoTime() - start;
      long scheduled = count("select count(*) from " + SCHEMA + ".qrtz_simple_triggers");

      start = System.nanoTime();
      inParallel(perClient, i -> scheduler.deleteJob(JobKey.jobKey("reminder-" + i, GROUP)));
      long deleteNanos = System.nanoTime() - start;
      long deleted = scheduled - count("select count(*) from " + SCHEMA + ".qrtz_job_details");
      return burst(scheduler, perClient, new Result(jobs, scheduled, deleted, scheduleNanos, deleteNanos, 0, 0, null, null, null));
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    } finally {
      try {
        scheduler.shutdown(true);
      } catch (SchedulerException e) {
        // the run's figures are already taken
      }
    }
  }

  /**
   * The firing side: the scheduler in standby, every job scheduled to fire now, then the
   * scheduler started — the whole burst falls due at that moment, as a festival's reminders do.
   * Lag: from the start to when each job ran.
   */
  private Result burst(Scheduler scheduler, List<int[]> perClient, Result scheduling) throws SchedulerException {
    scheduler.standby();
    FIRED.clear();
    schedule(scheduler, perClient, "burst-", new Date());
    Instant start = Instant.now();
    scheduler.start();
    long deadline = System.nanoTime() + StackLoad.CATCH_UP_LIMIT.toNanos();
    while (FIRED.size() < jobs && System.nanoTime() < deadline) {
      StackLoad.pause(20);
    }
    List<Long> lagMicros = new ArrayList<>(FIRED.size());
    Instant last = start;
    for (Instant fired : FIRED) {
      lagMicros.add(Math.max(0, ChronoUnit.MICROS.between(start, fired)));
      last = fired.isAfter(last) ? fired : last;
    }
    lagMicros.sort(null);
    return new Result(
        scheduling.jobs(),
        scheduling.scheduled(),
        scheduling.deleted(),
        scheduling.scheduleNanos(),
        scheduling.deleteNanos(),
        lagMicros.size(),
        Math.max(1, ChronoUnit.NANOS.between(start, last)),
        StackLoad.percentile(lagMicros, 50),
        StackLoad.percentile(lagMicros, 99),
        StackLoad.percentile(lagMicros, 100));
  }

  /** One job with one SimpleTrigger per reminder, as the baseline design would have it. */
  private void schedule(Scheduler scheduler, List<int[]> perClient, String prefix, Date fireAt) {
    inParallel(
        perClient,
        i -> {
          JobDetail job = JobBuilder.newJob(Reminder.class).withIdentity(prefix + i, GROUP).build();
          Trigger trigger =
              TriggerBuilder.newTrigger()
                  .withIdentity(prefix + i, GROUP)
                  .startAt(fireAt)
                  .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                  .build();
          scheduler.scheduleJob(job, trigger);
        });
  }

  private interface Work {
    void run(int i) throws SchedulerException;
  }

  private void inParallel(List<int[]> ranges, Work work) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int[] range : ranges) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = range[0]; i < range[1]; i++) {
                    work.run(i);
                  }
                  return null;
                }));
      }
      for (Future<Object> future : futures) {
        future.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
      StackLoad.awaitQuietly(pool);
    }
  }

  private Scheduler scheduler() {
    Properties quartz = new Properties();
    quartz.setProperty("org.quartz.scheduler.instanceName", "CuifuBenchmarkBaseline");
    quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    // tuned as a busy deployment would be: more workers, and triggers acquired in batches
    quartz.setProperty("org.quartz.threadPool.threadCount", Integer.toString(FIRING_THREADS));
    quartz.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(FIRING_THREADS));
    quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    quartz.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    quartz.setProperty("org.quartz.jobStore.isClustered", "true");
    quartz.setProperty("org.quartz.jobStore.clusterCheckinInterval", "5000");
    quartz.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    quartz.setProperty("org.quartz.jobStore.dataSource", "bench");
    quartz.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
    quartz.setProperty("org.quartz.dataSource.bench.driver", "org.postgresql.Driver");
    quartz.setProperty("org.quartz.dataSource.bench.URL", schemaUrl());
    quartz.setProperty("org.quartz.dataSource.bench.user", EmbeddedPostgresServer.USER);
    quartz.setProperty("org.quartz.dataSource.bench.password", EmbeddedPostgresServer.PASSWORD);
    quartz.setProperty("org.quartz.dataSource.bench.maxConnections", Integer.toString(Math.max(clients, FIRING_THREADS) + 4));
    try {
      return new StdSchedulerFactory(quartz).getScheduler();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  private String schemaUrl() {
    return postgresJdbcUrl + (postgresJdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA;
  }

  /** A fresh schema with Quartz's tables, from the same script reminder-service migrates. */
  private void createSchema() {
    String script;
    try (InputStream in = QuartzBaseline.class.getClassLoader().getResourceAsStream(DDL)) {
      if (in == null) {
        throw new IllegalStateException(DDL + " is not on the classpath");
      }
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    StringBuilder withoutComments = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        withoutComments.append(line).append('\n');
      }
    }
    try (Connection db = connect();
        Statement sql = db.createStatement()) {
      sql.execute("drop schema if exists " + SCHEMA + " cascade");
      sql.execute("create schema " + SCHEMA);
      sql.execute("set search_path to " + SCHEMA);
      for (String statement : withoutComments.toString().split(";")) {
        if (!statement.isBlank()) {
          sql.execute(statement);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long count(String query) {
    try (Connection db = connect();
        Statement sql = db.createStatement();
        ResultSet rows = sql.executeQuery(query)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(postgresJdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }
}
