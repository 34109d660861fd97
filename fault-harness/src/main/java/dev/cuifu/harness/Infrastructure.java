package dev.cuifu.harness;

import dev.cuifu.testing.EmbeddedPostgresServer;
import dev.cuifu.testing.LoopbackHttpServer;
import dev.cuifu.testing.LoopbackKafka;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure process: embedded PostgreSQL, a one-node KRaft broker on 127.0.0.1 (settings
 * from LoopbackKafka) and the Twilio stub, which keeps every message it accepted for
 * the whole run, across the services' restarts ({@code GET /_stub/messages}). Writes its addresses
 * to {@code infrastructure.properties} in the work directory once all three answer, then runs
 * until it is killed.
 */
final class Infrastructure {

  static final String ACCOUNT_SID = "AC" + "0".repeat(32);
  static final String AUTH_TOKEN = "fault-harness-stub-token";
  static final String FILE = "infrastructure.properties";
  /** One line per message the stub accepted: epoch milliseconds, recipient, SID (tab-separated). */
  static final String MESSAGES = "stub-messages.tsv";

  private Infrastructure() {}

  static void run(Path workDir) throws Exception {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startTemporary();
    int brokerPort = LoopbackHttpServer.freePort();
    LoopbackKafka broker = LoopbackKafka.start(workDir.resolve("kafka"), brokerPort, false);
    String kafka = "127.0.0.1:" + brokerPort;
    TwilioStubServer twilio = TwilioStubServer.start(0, ACCOUNT_SID, AUTH_TOKEN);
    // SIGTERM from the harness: PostgreSQL runs as its own OS process and must not outlive the run
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      twilio.close();
      broker.close();
      postgres.close();
    }));
    // when each message arrived, to the millisecond (the stub's own dates are RFC 2822 seconds)
    PrintStream received = new PrintStream(Files.newOutputStream(workDir.resolve(MESSAGES)), true, StandardCharsets.UTF_8);
    twilio.onMessage(sms -> received.println(System.currentTimeMillis() + "\t" + sms.to() + "\t" + sms.sid()));
    Properties addresses = new Properties();
    addresses.setProperty("jdbc", postgres.jdbcUrl());
    addresses.setProperty("kafka", kafka);
    addresses.setProperty("twilio", twilio.baseUrl());
    Path tmp = workDir.resolve(FILE + ".tmp");
    try (var out = Files.newOutputStream(tmp)) {
      addresses.store(out, "fault-harness infrastructure");
    }
    Files.move(tmp, workDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    System.out.println("infrastructure ready: " + addresses);
    new CountDownLatch(1).await(); // the harness destroys this process at the end
  }

}
