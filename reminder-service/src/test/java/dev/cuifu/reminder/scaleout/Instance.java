package dev.cuifu.reminder.scaleout;

import dev.cuifu.reminder.ReminderServiceApplication;
import dev.cuifu.reminder.ReminderTestSupport;
import dev.cuifu.reminder.ForwardingSmsGateway;
import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;
import dev.cuifu.reminder.channel.sms.TwilioSmsGateway;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.listeners.JobListenerSupport;
import org.springframework.boot.quartz.autoconfigure.SchedulerFactoryBeanCustomizer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * One reminder-service instance of the cluster: its own Spring context (own pools, own due-touch
 * sweep, own Quartz scheduler, own Kafka consumers) on the shared schema and topics. It records
 * every clustered Quartz job it runs, and it can be killed: from then on each provider call dies
 * like a killed process, after the touch was claimed and its attempt recorded, so the leases it
 * holds are left behind — every other one just before the provider call, the others just after it
 * (the provider has the message; the instance never records it). An in-JVM stand-in: the Spring
 * context is closed afterwards, so Kafka sees a clean leave; kill -9 of real processes is the fault
 * harness's (docs/reliability.md).
 */
final class Instance implements AutoCloseable {

  /** One run of a periodic Quartz job on one instance. */
  record Firing(String instance, String job, Instant scheduledFor, long startNanos, long endNanos) {}

  /** What a killed dispatcher looks like from the inside: not a provider refusal. */
  static final class Killed extends Error {
    Killed(String instance) {
      super(instance + " was killed");
    }
  }

  private final String name;
  private final List<Firing> firings;
  /** The jobs running right now, by Quartz's fire instance id: the job's name and start. */
  private final ConcurrentHashMap<String, Running> running = new ConcurrentHashMap<>();
  private final AtomicInteger crashes = new AtomicInteger();
  private final AtomicInteger crashesAfterTheCall = new AtomicInteger();
  private volatile boolean killed;
  private ConfigurableApplicationContext context;

  private record Running(String job, long startNanos) {}

  private Instance(String name, List<Firing> firings) {
    this.name = name;
    this.firings = firings;
  }

  /**
   * Starts an instance on the environment, on the given clock; every instance of a test adds its
   * job runs to the same {@code firings} list.
   */
  static Instance start(
      String name, ReminderTestSupport.Environment env, Clock clock, List<Firing> firings, String... extraProperties) {
    Instance instance = new Instance(name, firings);
    ReminderTestSupport.twilioStub();
    String[] args =
        Stream.concat(Arrays.stream(env.propertyArray()), Stream.concat(Stream.of(COMMON), Arrays.stream(extraProperties)))
            .map(p -> "--" + p)
            .toArray(String[]::new);
    instance.context =
        ReminderServiceApplication.builder()
            .sources(Beans.class)
            .initializers(
                context -> {
                  context.getBeanFactory().registerSingleton("scaleOutInstance", instance);
                  context.getBeanFactory().registerSingleton("scaleOutClock", clock);
                })
            .run(args);
    return instance;
  }

  /** What every instance of the test runs with (as a deployment's own settings would). */
  private static final String[] COMMON = {
    "server.shutdown=immediate",
    // Cuifu's capacity is measured, not one sender number's carrier limit (50/s by default)
    "cuifu.providers.twilio.rate-limit.limit-for-period=100000",
    "cuifu.reminder.overdue.refresh=PT0.2S",
    "spring.quartz.properties.org.quartz.jobStore.class=" + InstanceJobStore.class.getName(),
    "logging.level.org.quartz=WARN",
    "logging.level.org.apache.kafka=WARN",
    // two INFO lines per SMS would write ~50 MB at 100,000 touches
    "logging.level.dev.cuifu.reminder.dispatch=WARN",
    "logging.level.dev.cuifu.reminder.channel.sms=WARN",
  };

  /** The beans each instance gets (not component-scanned: no {@code @Configuration}). */
  static class Beans {
    @Bean
    @Primary
    Clock testClock(Clock scaleOutClock) {
      return scaleOutClock;
    }

    @Bean
    @Primary
    SmsGateway killableSmsGateway(TwilioSmsGateway twilio, Instance scaleOutInstance) {
      return scaleOutInstance.new Killable(twilio);
    }

    @Bean
    SchedulerFactoryBeanCustomizer recordFirings(Instance scaleOutInstance) {
      return factory -> factory.setGlobalJobListeners(scaleOutInstance.new Recorder());
    }
  }

  private final class Killable extends ForwardingSmsGateway {

    Killable(SmsGateway real) {
      super(real);
    }

    @Override
    public SmsReceipt send(SmsMessage message) {
      if (!killed) {
        return real.send(message);
      }
      if (crashes.incrementAndGet() % 2 == 1) {
        throw new Killed(name);
      }
      real.send(message);
      crashesAfterTheCall.incrementAndGet();
      throw new Killed(name);
    }

    @Override
    public SmsGateway forBatch() {
      return new Killable(real.forBatch());
    }
  }

  private final class Recorder extends JobListenerSupport {
    @Override
    public String getName() {
      return "scale-out-recorder";
    }

    @Override
    public void jobToBeExecuted(JobExecutionContext job) {
      running.put(job.getFireInstanceId(), new Running(job.getJobDetail().getKey().getName(), System.nanoTime()));
    }

    @Override
    public void jobWasExecuted(JobExecutionContext job, JobExecutionException exception) {
      Running run = running.remove(job.getFireInstanceId());
      firings.add(
          new Firing(
              name, job.getJobDetail().getKey().getName(), job.getScheduledFireTime().toInstant(),
              run == null ? System.nanoTime() : run.startNanos(), System.nanoTime()));
    }
  }

  /** A new list for the firings of all instances of one test. */
  static List<Firing> firings() {
    return new CopyOnWriteArrayList<>();
  }

  String name() {
    return name;
  }

  ConfigurableApplicationContext context() {
    return context;
  }

  MeterRegistry meters() {
    return context.getBean(MeterRegistry.class);
  }

  /** SMS touches this instance handed to the provider so far. */
  long sent() {
    return (long) meters().get("cuifu.touches.sent").tag("channel", "SMS").counter().count();
  }

  /** From now on every provider call on this instance dies, as if the process had been killed. */
  void kill() {
    killed = true;
  }

  /** Undoes {@link #kill()} while no call has died yet. */
  void revive() {
    killed = false;
  }

  /** How many provider calls died since {@link #kill()}: each left a claimed touch behind. */
  int crashes() {
    return crashes.get();
  }

  /** Of {@link #crashes()}, those that died after the provider accepted the message. */
  int crashesAfterTheCall() {
    return crashesAfterTheCall.get();
  }

  @Override
  public void close() {
    if (context != null) {
      context.close();
    }
  }

  /** Closes all, the first failure reported after the others were closed too. */
  static void closeAll(List<Instance> instances) {
    List<RuntimeException> failures = new ArrayList<>();
    for (Instance instance : instances) {
      try {
        instance.close();
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
  }
}
