package dev.cuifu.harness;

import dev.cuifu.testing.EmbeddedPostgresServer;
import dev.cuifu.testing.LoopbackKafka;
import dev.cuifu.testing.chat.ChatWebhookStub;
import dev.cuifu.testing.twilio.StubFailure;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The infrastructure's three processes, each its own JVM so that each can be stopped or killed
 * alone: PostgreSQL (the embedded binaries, a data directory and port that survive restarts), a
 * one-node KRaft broker (its log directory and ports survive restarts) and the Twilio stub, which
 * logs every message it accepted for the whole run, across the services' restarts. Each writes
 * {@code <name>.ready} in the work directory once it answers.
 */
final class Infrastructure {

  static final String ACCOUNT_SID = "AC" + "0".repeat(32);
  static final String AUTH_TOKEN = "fault-harness-stub-token";
  /** One line per message the stub accepted: epoch milliseconds, recipient, SID (tab-separated). */
  static final String MESSAGES = "stub-messages.tsv";

  /** One line per chat delivery the webhook stub received: epoch milliseconds, order id, delivery id. */
  static final String CHAT_DELIVERIES = "chat-deliveries.tsv";

  /** The stubs process's commands on its standard input: the providers' behaviour from now on. */
  static final String PROVIDER_SLOW = "provider slow";
  static final String PROVIDER_FAILING = "provider failing";
  static final String CHAT_SLOW = "chat slow";
  static final String PROVIDERS_OK = "providers ok";
  private static final java.util.regex.Pattern ORDER_ID = java.util.regex.Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"");

  private Infrastructure() {}

  /** {@code --postgres DIR PORT}: stopped by SIGTERM (the server stops with it), started again on the same data. */
  static void runPostgres(Path workDir, int port) throws Exception {
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.startPersistent(workDir.resolve("postgres"), port);
    Runtime.getRuntime().addShutdownHook(new Thread(postgres::close));
    ready(workDir, "postgres", postgres.jdbcUrl());
    new CountDownLatch(1).await();
  }

  /** {@code --broker DIR PORT CONTROLLER_PORT}: stopped by SIGTERM (a clean shutdown) or killed, started again on the same logs. */
  static void runBroker(Path workDir, int port, int controllerPort) throws Exception {
    LoopbackKafka broker = LoopbackKafka.start(workDir.resolve("kafka"), port, controllerPort, false);
    Runtime.getRuntime().addShutdownHook(new Thread(broker::close));
    ready(workDir, "broker", broker.bootstrapServers());
    new CountDownLatch(1).await();
  }

  /**
   * {@code --stubs DIR TWILIO_PORT CHAT_PORT}: the Twilio stub and a chat webhook receiver; the
   * standard input takes the providers' behaviour ({@link #PROVIDER_SLOW}: every Twilio API answer
   * 4 s late, the message stored first; {@link #PROVIDER_FAILING}: every Twilio API request
   * answered 503; {@link #CHAT_SLOW}: every chat delivery answered 6 s late; {@link #PROVIDERS_OK}).
   */
  static void runStubs(Path workDir, int port, int chatPort) throws Exception {
    TwilioStubServer twilio = TwilioStubServer.start(port, ACCOUNT_SID, AUTH_TOKEN);
    ChatWebhookStub chat = ChatWebhookStub.start(chatPort);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      twilio.close();
      chat.close();
    }));
    PrintStream delivered =
        new PrintStream(Files.newOutputStream(workDir.resolve(CHAT_DELIVERIES), StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
    chat.onDelivery(d -> {
      java.util.regex.Matcher order = ORDER_ID.matcher(d.body());
      delivered.println(System.currentTimeMillis() + "\t" + (order.find() ? order.group(1) : "?") + "\t" + d.header("X-Cuifu-Delivery"));
    });
    // when each message arrived, to the millisecond (the stub's own dates are RFC 2822 seconds)
    PrintStream received =
        new PrintStream(Files.newOutputStream(workDir.resolve(MESSAGES), StandardOpenOption.CREATE, StandardOpenOption.APPEND), true, StandardCharsets.UTF_8);
    twilio.onMessage(sms -> received.println(System.currentTimeMillis() + "\t" + sms.to() + "\t" + sms.sid()));
    ready(workDir, "stubs", twilio.baseUrl() + " " + chat.url());
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command = commands.readLine(); command != null; command = commands.readLine()) {
      twilio.clearFailures();
      chat.clear();
      switch (command.strip()) {
        case PROVIDER_SLOW -> twilio.addFailure(StubFailure.delay(Duration.ofSeconds(4)).always());
        case PROVIDER_FAILING -> twilio.addFailure(StubFailure.error(503, 20503, "Service Unavailable").always());
        case CHAT_SLOW -> chat.delayNext(Integer.MAX_VALUE, Duration.ofSeconds(6));
        case PROVIDERS_OK -> { }
        default -> System.err.println("unknown command: " + command);
      }
      System.out.println("provider: " + command);
    }
    new CountDownLatch(1).await(); // standard input closed: the harness has gone; it kills this process
  }

  private static void ready(Path workDir, String name, String address) throws Exception {
    Path tmp = workDir.resolve(name + ".ready.tmp");
    Files.writeString(tmp, address);
    Files.move(tmp, workDir.resolve(name + ".ready"), java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    System.out.println(name + " ready: " + address);
  }
}
