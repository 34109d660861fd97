package dev.cuifu.harness;

import dev.cuifu.testing.EmbeddedPostgresServer;
import dev.cuifu.testing.LoopbackHttpServer;
import dev.cuifu.testing.twilio.TwilioStubServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * The infrastructure process: embedded PostgreSQL, a one-node KRaft broker on 127.0.0.1 (settings
 * as the launcher's LoopbackKafka) and the Twilio stub, which keeps every message it accepted for
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
    KafkaRaftServer broker = startKafka(workDir.resolve("kafka"), brokerPort);
    String kafka = "127.0.0.1:" + brokerPort;
    TwilioStubServer twilio = TwilioStubServer.start(0, ACCOUNT_SID, AUTH_TOKEN);
    // SIGTERM from the harness: PostgreSQL runs as its own OS process and must not outlive the run
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      twilio.close();
      broker.shutdown();
      broker.awaitShutdown();
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

  private static KafkaRaftServer startKafka(Path logDir, int brokerPort) throws Exception {
    int controllerPort = LoopbackHttpServer.freePort();
    Files.createDirectories(logDir);
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setClusterId(Uuid.randomUuid().toString())
        .setNodeId(1)
        .setDirectories(List.of(logDir.toString()))
        .setMetadataLogDirectory(logDir.toString())
        .setControllerListenerName("CONTROLLER")
        .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
        .run();
    Map<String, Object> config = new HashMap<>();
    config.put("process.roles", "broker,controller");
    config.put("node.id", "1");
    config.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    config.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    config.put("controller.listener.names", "CONTROLLER");
    config.put("inter.broker.listener.name", "PLAINTEXT");
    config.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    config.put("log.dirs", logDir.toString());
    config.put("num.partitions", "4");
    config.put("transaction.state.log.replication.factor", "1");
    config.put("transaction.state.log.min.isr", "1");
    config.put("offsets.topic.replication.factor", "1");
    config.put("group.initial.rebalance.delay.ms", "0");
    config.put("auto.create.topics.enable", "true");
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    server.startup();
    String bootstrap = "127.0.0.1:" + brokerPort;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS);
    }
    return server;
  }
}
