package dev.cuifu.launcher;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where the local stack puts things. Every value can be set as a system property
 * ({@code -Dcuifu.local.ingest-port=9080}); a port of 0 means any free port (the tests use that). The
 * in-process Kafka broker always takes a free port; the launcher prints it.
 *
 * @param dataDir PostgreSQL data and the demo shop's credentials; delete it to start afresh
 * @param demoSmsDelay the demo shop's delay before the first SMS (seconds, not the default 30 min)
 */
public record LauncherSettings(
    Path dataDir,
    int ingestPort,
    int reminderPort,
    int twilioStubPort,
    int chatStubPort,
    int postgresPort,
    Duration demoSmsDelay) {

  public static LauncherSettings fromSystemProperties() {
    return new LauncherSettings(
        Path.of(System.getProperty("cuifu.local.data-dir", ".cuifu")).toAbsolutePath(),
        Integer.getInteger("cuifu.local.ingest-port", 8080),
        Integer.getInteger("cuifu.local.reminder-port", 8081),
        Integer.getInteger("cuifu.local.twilio-stub-port", 8099),
        Integer.getInteger("cuifu.local.chat-stub-port", 8098),
        Integer.getInteger("cuifu.local.postgres-port", 54329),
        Duration.parse(System.getProperty("cuifu.local.demo-sms-delay", "PT20S")));
  }

  /** Any free ports, in the given directory: for tests. */
  public static LauncherSettings ephemeral(Path dataDir, Duration demoSmsDelay) {
    return new LauncherSettings(dataDir, 0, 0, 0, 0, 0, demoSmsDelay);
  }
}
