package dev.cuifu.launcher.log;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AbandonedWriterFilterTests {

  private final AbandonedWriterFilter filter = new AbandonedWriterFilter();
  private final Logger logger = new LoggerContext().getLogger("org.flywaydb.core.Flyway");

  @Test
  void aComponentAStopLeftStartingIsSilencedOnEveryThreadItCreatedAndNoOtherIs() throws Exception {
    CompletableFuture<FilterReply> fromItsPool = new CompletableFuture<>();
    Thread pool = Writer.as("abandoned-app", () -> new Thread(() -> fromItsPool.complete(decide())));
    assertThat(Writer.as("abandoned-app", this::decide)).as("before the stop").isEqualTo(FilterReply.NEUTRAL);

    Writer.abandon("abandoned-app");
    pool.start();

    assertThat(fromItsPool.get(10, TimeUnit.SECONDS)).as("a thread its start created").isEqualTo(FilterReply.DENY);
    assertThat(Writer.as("abandoned-app", this::decide)).isEqualTo(FilterReply.DENY);
    assertThat(Writer.as("launcher", this::decide)).as("the launcher's own lines").isEqualTo(FilterReply.NEUTRAL);
    assertThat(decide()).as("a thread no component claimed").isEqualTo(FilterReply.NEUTRAL);
  }

  private FilterReply decide() {
    return filter.decide(null, logger, Level.WARN, "Exception encountered during context initialization", null, null);
  }
}
