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
import java.util.concurrent.atomic.AtomicInteger;
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
 * reminder, in Quartz's clustered JDBC JobStore (JobStoreTX, PostgreSQLDelegate) on the same
 * PostgreSQL server, in a fresh database of its own ({@value #DATABASE}) with a connection pool of
 * its own, configured as fast as Quartz's reference allows ({@link #scheduler()}). Two firing bursts:
 * jobs that do nothing (the engine alone), and jobs that each send the SMS a touch sends ({@link
 * BaselineSms}: like for like with the dispatch burst).
 */
final class QuartzBaseline {

  static final String DATABASE = "quartz_bench";
  /** The plain program's database ({@link PlainQuartzProgram}): each its own, fresh. */
  static final String PLAIN_DATABASE = "quartz_plain";
  private static final String DDL = "db/migration/reminder/V2__quartz_job_store.sql";
  private static final String GROUP = "bench";
  static final int FIRING_THREADS = 10;

  /** The scheduler's configuration: Quartz at its best for this workload, or as a plain program has it. */
  enum Settings {
    BEST,
    PLAIN
  }

  /** Jobs scheduled one call each, then deleted one call each, from the client threads. */
  record Scheduling(long scheduled, long deleted, Throughput scheduling, Throughput deleting) {}

  /** What the baseline measured. */
  record Result(int jobs, long scheduled, long deleted, Throughput scheduling, Throughput deleting, Firing noOp, Firing sending) {

    long scheduleNanos() {
      return scheduling.nanos();
    }

    long deleteNanos() {
      return deleting.nanos();
    }

    double scheduledPerSecond() {
      return scheduling.perSecond();
    }

    double deletedPerSecond() {
      return deleting.perSecond();
    }
  }

  /**
   * One firing burst: jobs whose work succeeded ({@code fired}) or failed, from the scheduler's
   * start to the last one done, and the lag start → each fired job done.
   */
  record Firing(long fired, long failed, long nanos, Duration lagP50, Duration lagP99, Duration lagMax, Throughput firing) {

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

  private final String stackJdbcUrl;
  private final String database;
  private final String databaseUrl;
  private final Settings settings;
  private final int jobs;
  private final int clients;
  private final List<int[]> perClient;

  /** The stack's PostgreSQL server holds the job store, in {@code database}, fresh. */
  QuartzBaseline(String stackJdbcUrl, String database, Settings settings, int jobs, int clients) {
    this.stackJdbcUrl = stackJdbcUrl;
    this.database = database;
    this.databaseUrl = databaseUrl(stackJdbcUrl, database);
    this.settings = settings;
    this.jobs = jobs;
    this.clients = clients;
    this.perClient = Workers.ranges(0, jobs, (jobs + clients - 1) / clients);
  }

  /** The best-configured baseline; the stack's Twilio stub receives the sending burst's SMS. */
  static Result run(LocalStack stack, int jobs, int clients) {
    return new QuartzBaseline(stack.postgresJdbcUrl(), DATABASE, Settings.BEST, jobs, clients).run(stack.twilio());
  }

  private Result run(TwilioStubServer twilio) {
    createDatabase();
    Scheduler scheduler = scheduler();
    try (BaselineSms sms = BaselineSms.like(twilio)) {
      System.out.printf("baseline: the sending burst's jobs send as reminder-service did: %s%n", sms.describe());
      scheduler.setJobFactory((bundle, ignored) -> newJob(bundle.getJobDetail().getJobDataMap(), sms));
      scheduler.start();
      Scheduling scheduling = scheduleAndDelete(scheduler);
      Firing noOp = burst(scheduler, perClient, "burst-", false);
      Firing sending = burst(scheduler, perClient, "send-", true);
      return new Result(jobs, scheduling.scheduled(), scheduling.deleted(), scheduling.scheduling(), scheduling.deleting(), noOp, sending);
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    } finally {
      shutdown(scheduler);
    }
  }

  /** Scheduling and deleting only, with the scheduler as {@code settings} has it: what {@link PlainQuartzProgram} runs. */
  Scheduling scheduleAndDelete() {
    createDatabase();
    Scheduler scheduler = scheduler();
    try {
      scheduler.start();
      return scheduleAndDelete(scheduler);
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    } finally {
      shutdown(scheduler);
    }
  }

  private Scheduling scheduleAndDelete(Scheduler scheduler) {
    Date fireAt = new Date(System.currentTimeMillis() + 3_600_000L);
    PhaseClock scheduling = PhaseClock.start();
    schedule(scheduler, perClient, "reminder-", fireAt, scheduling);
    long scheduleNanos = System.nanoTime() - scheduling.startNanos();
    Throughput schedulingRate = scheduling.measure(jobs, scheduleNanos);
    long scheduled = count("select count(*) from qrtz_simple_triggers");

    PhaseClock deleting = PhaseClock.start();
    inParallel(
        perClient,
        i -> {
          scheduler.deleteJob(JobKey.jobKey("reminder-" + i, GROUP));
          deleting.done(1);
        });
    long deleteNanos = System.nanoTime() - deleting.startNanos();
    Throughput deletingRate = deleting.measure(jobs, deleteNanos);
    long deleted = scheduled - count("select count(*) from qrtz_job_details");
    return new Scheduling(scheduled, deleted, schedulingRate, deletingRate);
  }

  private static void shutdown(Scheduler scheduler) {
    try {
      scheduler.shutdown(true);
    } catch (SchedulerException e) {
      // the run's figures are already taken
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
    PhaseClock clock = PhaseClock.start();
    Instant start = clock.startedAt();
    scheduler.start();
    long deadline = System.nanoTime() + StackLoad.CATCH_UP_LIMIT.toNanos();
    while (fired.size() + failed.get() < jobs && System.nanoTime() < deadline) {
      StackLoad.pause(20);
    }
    List<Long> lagMicros = new ArrayList<>(fired.size());
    Instant last = start;
    for (Instant done : fired) {
      lagMicros.add(Math.max(0, ChronoUnit.MICROS.between(start, done)));
      clock.doneAt(done);
      last = done.isAfter(last) ? done : last;
    }
    lagMicros.sort(null);
    long nanos = Math.max(1, ChronoUnit.NANOS.between(start, last));
    return new Firing(
        lagMicros.size(),
        failed.get(),
        nanos,
        StackLoad.percentile(lagMicros, 50),
        StackLoad.percentile(lagMicros, 99),
        StackLoad.percentile(lagMicros, 100),
        clock.measure(lagMicros.size(), nanos));
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
  private void schedule(Scheduler scheduler, List<int[]> perClient, String prefix, Date fireAt, PhaseClock clock) {
    inParallel(
        perClient,
        i -> {
          JobDetail job = JobBuilder.newJob(Reminder.class).withIdentity(prefix + i, GROUP).build();
          scheduler.scheduleJob(job, trigger(prefix + i, fireAt));
          clock.done(1);
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
    AtomicInteger next = new AtomicInteger();
    Workers.run(
        "quartz-client",
        clients,
        () -> {
          for (int r = next.getAndIncrement(); r < ranges.size(); r = next.getAndIncrement()) {
            work.run(ranges.get(r));
          }
        });
  }

  /**
   * {@link Settings#BEST}: Quartz at its best for this workload, each setting as Quartz's
   * configuration reference advises (docs/benchmarks.md, "The Quartz baseline", says why for each).
   * {@link Settings#PLAIN}: the same store, cluster, pool provider and workers with Quartz's
   * defaults for everything else (a pool of 10 connections, the lock on every insert, one trigger
   * per acquisition), as a standalone program written from Quartz's examples has it.
   */
  private Scheduler scheduler() {
    Properties quartz = new Properties();
    quartz.setProperty("org.quartz.scheduler.instanceName", settings == Settings.BEST ? "CuifuBenchmarkBaseline" : "PlainQuartzProgram");
    quartz.setProperty("org.quartz.scheduler.instanceId", "AUTO");
    quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    quartz.setProperty("org.quartz.threadPool.threadCount", Integer.toString(FIRING_THREADS));
    quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    quartz.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    quartz.setProperty("org.quartz.jobStore.isClustered", "true");
    quartz.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    quartz.setProperty("org.quartz.jobStore.dataSource", "bench");
    quartz.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
    quartz.setProperty("org.quartz.dataSource.bench.driver", "org.postgresql.Driver");
    quartz.setProperty("org.quartz.dataSource.bench.URL", databaseUrl);
    quartz.setProperty("org.quartz.dataSource.bench.user", EmbeddedPostgresServer.USER);
    quartz.setProperty("org.quartz.dataSource.bench.password", EmbeddedPostgresServer.PASSWORD);
    if (settings == Settings.BEST) {
      tune(quartz);
    }
    try {
      return new StdSchedulerFactory(quartz).getScheduler();
    } catch (SchedulerException e) {
      throw new IllegalStateException(e);
    }
  }

  private void tune(Properties quartz) {
    // a node takes up to a whole thread pool's worth of due triggers per acquisition (one
    // statement and one lock instead of one per trigger); with more than one, Quartz requires the
    // acquisition inside its lock, or two nodes could fire the same trigger
    quartz.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(FIRING_THREADS));
    quartz.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
    // job data as string properties, not a serialized Java map
    quartz.setProperty("org.quartz.jobStore.useProperties", "true");
    // inserting a job and its trigger without the TRIGGER_ACCESS row lock: the lock serializes
    // every scheduling client; PostgreSQL needs it for no deadlock (distinct keys, row locks)
    quartz.setProperty("org.quartz.jobStore.lockOnInsert", "false");
    quartz.setProperty("org.quartz.dataSource.bench.maxConnections", Integer.toString(poolSize(clients)));
  }

  /**
   * Quartz's advice: at least the worker threads plus three, and more when the application calls
   * the scheduler's API often — here every client thread does.
   */
  static int poolSize(int clients) {
    return FIRING_THREADS + 3 + clients;
  }

  /** The stack's PostgreSQL server, {@code database} instead of the stack's. */
  static String databaseUrl(String stackJdbcUrl, String database) {
    String url = stackJdbcUrl.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + database);
    if (url.equals(stackJdbcUrl)) {
      throw new IllegalStateException("cannot name another database in " + stackJdbcUrl.replaceAll("password=[^&]*", "password=…"));
    }
    return url;
  }

  /**
   * A fresh database of its own with Quartz's tables and Quartz's own indexes (tables_postgres.sql,
   * the same script reminder-service migrates): no other table's rows, statistics or vacuum in it.
   */
  private void createDatabase() {
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
    try (Connection server = DriverManager.getConnection(stackJdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
        Statement sql = server.createStatement()) {
      sql.execute("drop database if exists " + database + " with (force)");
      sql.execute("create database " + database);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    try (Connection db = connect();
        Statement sql = db.createStatement()) {
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
    return DriverManager.getConnection(databaseUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
  }
}
