package dev.cuifu.launcher.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriterConverterTests {

  private final WriterConverter converter = new WriterConverter();
  private final LoggerContext context = new LoggerContext();

  @Test
  void cuifuCodeIsNamedByItsPackageWhateverThreadRunsIt() {
    String[][] expected = {
      {"dev.cuifu.ingest.event.EventController", "order-ingest"},
      {"dev.cuifu.reminder.dispatch.Dispatcher", "reminder-service"},
      {"dev.cuifu.testing.twilio.TwilioStubServer", "twilio-stub"},
      {"dev.cuifu.testing.chat.ChatWebhookStub", "chat-stub"},
      {"dev.cuifu.simulator.Simulator", "demo"},
      {"dev.cuifu.launcher.DemoMode", "demo"},
      {"io.zonky.test.db.postgres.embedded.EmbeddedPostgres", "postgres"},
      {"kafka.server.BrokerServer", "kafka"},
    };
    for (String[] rule : expected) {
      String written = Writer.as("order-ingest", () -> converter.convert(event(rule[0])));
      assertThat(written).as(rule[0]).isEqualTo(rule[1]);
    }
  }

  @Test
  void frameworkLinesAreNamedByTheComponentWhoseStartCreatedTheirThread() throws Exception {
    CompletableFuture<String> written = new CompletableFuture<>();
    // a pool thread created while the launcher starts reminder-service, which creates another later
    Thread pool =
        Writer.as(
            "reminder-service",
            () ->
                new Thread(
                    () -> {
                      Thread worker =
                          new Thread(() -> written.complete(converter.convert(event("org.quartz.core.QuartzSchedulerThread"))));
                      worker.start();
                    },
                    "QuartzScheduler"));
    pool.start(); // started after the launcher's thread left reminder-service's name behind
    assertThat(written.get(10, TimeUnit.SECONDS)).isEqualTo("reminder-service");
    assertThat(converter.convert(event("org.springframework.boot.SpringApplication")))
        .as("outside every component: the launcher")
        .isEqualTo("launcher");
    assertThat(Writer.as("kafka", () -> converter.convert(event("org.apache.kafka.controller.QuorumController"))))
        .isEqualTo("kafka");
    assertThat(Writer.as("twilio-stub", () -> converter.convert(event("dev.cuifu.launcher.LocalStack"))))
        .as("the launcher's callback on a stub's thread: the stub's line")
        .isEqualTo("twilio-stub");
  }

  private LoggingEvent event(String loggerName) {
    return new LoggingEvent("test", context.getLogger(loggerName), Level.INFO, "message", null, null);
  }
}
