package dev.cuifu.benchmark;

import dev.cuifu.launcher.LocalStack;
import dev.cuifu.testing.EmbeddedPostgresServer;
import dev.cuifu.testing.twilio.TwilioStubServer;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
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
 * ({@value #SCHEMA}, the same DDL reminder-service migrates for its own sweep). Two firing bursts:
 * jobs that do nothing (the engine alone), and jobs that each send the SMS a touch sends ({@link
 * BaselineSms}: like for like with the dispatch burst).
 */
final class QuartzBaseline {

  static final String SCHEMA = "quartz_bench";
  private static final String DDL = "db/migration/reminder/V2__quartz_job_store.sql";
  private static final String GROUP = "bench";
  static final int FIRING_THREADS = 10;

  /** What the baseline measured. */
  record Result(
      int jobs, long scheduled, long deleted, long scheduleNanos, long deleteNanos, Firing noOp, Firing sending) {

    double scheduledPerSecond() {
      return Rates.perSecond(scheduled, scheduleNanos);
    }

    double deletedPerSecond() {
      return Rates.perSecond(deleted, deleteNanos);
    }
  }

  /**
   * One firing burst: jobs whose work succeeded ({@code fired}) or failed, from the scheduler's
   * start to the last one done, and the lag start → each fired job done.
   */
  record Firing(long fired, long failed, long nanos, Duration lagP50, Duration lagP99, Duration lagMax) {

    double firedPerSecond() {
      return Rates.perSecond(fired, nanos);
    }
  }

  /** The recipient in a sending burst's job data; a job without one does no work (the no-op burst). */
  private static final String TO = "to";

  /**
   * One reminder's job; what it does is handed in by the scheduler's job factory ({@link
   * #newJob}), since Quartz makes a job per firing.
   */
  static final class Reminder implements Job {
    private final Runnable work;

    Reminder(Runnable work) {
      this.work = work;
    }

    @Override
    public void execute(JobExecutionContext context) {
      work.run();
    }
  }

  /** When each job of the current burst finished its work; the burst falls due when the scheduler starts. */
  private final Queue<Instant> fired = new ConcurrentLinkedQueue<>();
  private final AtomicLong failed = new AtomicLong();

  private final String postgresJdbcUrl;
  private final TwilioStubServer twilio;
  private final int jobs;
  private final int clients;

  /** The stack's PostgreSQL holds the job store; its Twilio stub receives the sending burst's SMS. */
  QuartzBaseline(LocalStack stack, int jobs, int clients) {
    this.postgresJdbcUrl = stack.postgresJdbcUrl();
    this.twilio = stack.twilio();
    this.jobs = jobs;
    this.clients = clients;
  }

  Result run() {
    createSchema();
    Scheduler scheduler = scheduler();
    try (BaselineSms sms = BaselineSms.like(twilio)) {
      System.out.printf("baseline: the sending burst's jobs send as reminder-service did: %s%n", sms.describe());
      scheduler.setJobFactory((bundle, ignored) -> newJob(bundle.getJobDetail().getJobDataMap(), sms));
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
      Firing noOp = burst(scheduler, perClient, "burst-", false);
      Firing sending = burst(scheduler, perClient, "send-", true);
      return new Result(jobs, scheduled, deleted, scheduleNanos, deleteNanos, noOp, sending);
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

  /** A job that sends its recipient's SMS when its data names one, else only notes when it ran. */
  private Job newJob(JobDataMap data, BaselineSms sms) {
    String to = data.getString(TO);
    if (to == null) {
      return new Reminder(() -> fired.add(Instant.now()));
    }
    return new Reminder(
        () -> {
          try {
            sms.send(to);
            fired.add(Instant.now());
          } catch (RuntimeException e) {
            failed.incrementAndGet();
          }
        });
  }

  /**
   * The firing side: the scheduler in standby, every job scheduled to fire now, then the
   * scheduler started — the whole burst falls due at that moment, as a festival's reminders do.
   * Lag: from the start to when each job finished its work ({@code withSms}: the stub accepted
   * its SMS).
   */
  private Firing burst(Scheduler scheduler, List<int[]> perClient, String prefix, boolean withSms)
      throws SchedulerException {
    scheduler.standby();
    fired.clear();
    failed.set(0);
    scheduleAtOnce(scheduler, perClient, prefix, withSms);
    Instant start = Instant.now();
    scheduler.start();
    long deadline = System.nanoTime() + StackLoad.CATCH_UP_LIMIT.toNanos();
    while (fired.size() + failed.get() < jobs && System.nanoTime() < deadline) {
      StackLoad.pause(20);
    }
    List<Long> lagMicros = new ArrayList<>(fired.size());
    Instant last = start;
    for (Instant done : fired) {
      lagMicros.add(Math.max(0, ChronoUnit.MICROS.between(start, done)));
      last = done.isAfter(last) ? done : last;
    }
    lagMicros.sort(null);
    return new Firing(
        lagMicros.size(),
        failed.get(),
        Math.max(1, ChronoUnit.NANOS.between(start, last)),
        StackLoad.percentile(lagMicros, 50),
        StackLoad.percentile(lagMicros, 99),
        StackLoad.percentile(lagMicros, 100));
  }

  /**
   * A burst's jobs, due now, stored many per transaction while the scheduler stands by: not
   * measured, only faster to set up than one call per job.
   */
  private void scheduleAtOnce(Scheduler scheduler, List<int[]> perClient, String prefix, boolean withSms) {
    eachRange(
        perClient,
        range -> {
          Date now = new Date();
          Map<JobDetail, Set<? extends Trigger>> chunk = new HashMap<>();
          for (int i = range[0]; i < range[1]; i++) {
            JobBuilder job = JobBuilder.newJob(Reminder.class).withIdentity(prefix + i, GROUP);
            if (withSms) {
              job.usingJobData(TO, BaselineSms.to(i));
            }
            chunk.put(job.build(), Set.of(trigger(prefix + i, now)));
            if (chunk.size() == 500 || i == range[1] - 1) {
              scheduler.scheduleJobs(chunk, false);
              chunk.clear();
            }
          }
        });
  }

  /** One job with one SimpleTrigger per reminder, as the baseline design would have it. */
  private void schedule(Scheduler scheduler, List<int[]> perClient, String prefix, Date fireAt) {
    inParallel(
        perClient,
        i -> {
          JobDetail job = JobBuilder.newJob(Reminder.class).withIdentity(prefix + i, GROUP).build();
          scheduler.scheduleJob(job, trigger(prefix + i, fireAt));
        });
  }

  private static Trigger trigger(String name, Date fireAt) {
    return TriggerBuilder.newTrigger()
        .withIdentity(name, GROUP)
        .startAt(fireAt)
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build();
  }

  private interface Work {
    void run(int i) throws SchedulerException;
  }

  private interface RangeWork {
    void run(int[] range) throws SchedulerException;
  }

  private void inParallel(List<int[]> ranges, Work work) {
    eachRange(
        ranges,
        range -> {
          for (int i = range[0]; i < range[1]; i++) {
            work.run(i);
          }
        });
  }

  /** Each range on a client thread of its own. */
  private void eachRange(List<int[]> ranges, RangeWork work) {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<Object>> futures = new ArrayList<>();
      for (int[] range : ranges) {
        futures.add(
            pool.submit(
                () -> {
                  work.run(range);
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
