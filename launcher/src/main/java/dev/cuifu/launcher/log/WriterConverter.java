package dev.cuifu.launcher.log;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.Map;

/**
 * {@code %writer} in the launcher's console pattern: the component that wrote a line. Spring Boot's
 * pattern prints one application name for the whole JVM, so with both apps in one JVM every line
 * read {@code [order-ingest]}, reminder-service's and the stubs' included. Cuifu's own code is named
 * by its package; framework code (Spring, Quartz, Hikari, Tomcat, Kafka clients) by the thread it
 * runs on ({@link Writer}); what neither names is the launcher's.
 */
public final class WriterConverter extends ClassicConverter {

  /** Logger name prefixes that name their writer whatever thread they run on. */
  private static final Map<String, String> BY_LOGGER =
      Map.of(
          "dev.cuifu.ingest.", "order-ingest",
          "dev.cuifu.reminder.", "reminder-service",
          "dev.cuifu.testing.twilio.", "twilio-stub",
          "dev.cuifu.testing.chat.", "chat-stub",
          "dev.cuifu.simulator.", "demo",
          "dev.cuifu.launcher.DemoMode", "demo",
          "io.zonky.", "postgres",
          "kafka.", "kafka",
          "state.change.logger", "kafka");

  @Override
  public String convert(ILoggingEvent event) {
    return writer(event.getLoggerName(), Writer.current());
  }

  static String writer(String loggerName, String threadWriter) {
    for (Map.Entry<String, String> rule : BY_LOGGER.entrySet()) {
      if (loggerName.startsWith(rule.getKey())) {
        return rule.getValue();
      }
    }
    return threadWriter != null ? threadWriter : Writer.LAUNCHER;
  }
}
