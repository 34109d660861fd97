package dev.cuifu.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A one-node KRaft Kafka (broker and controller) whose listeners are bound to 127.0.0.1 only, for
 * the launcher and the fault harness's infrastructure process. The test kit behind {@code dev.cuifu.testing.EmbeddedKafka} pre-binds
 * its ports on every interface, which would open the demo's unauthenticated broker to the
 * network. Settings as the tests' broker: transactions and compaction on one node.
 */
public final class LoopbackKafka implements AutoCloseable {

  static final int FREE_PORT_ATTEMPTS = 3;

  /** Whether this thread is in {@link KafkaRaftServer#startup()}, for Kafka's exit and halt below. */
  private static final ThreadLocal<Boolean> STARTING = ThreadLocal.withInitial(() -> false);

  static {
    // Kafka ends the JVM on a fatal fault (its controller's port taken, say) through Exit: on the
    // thread starting it, the fault is thrown instead, so that the start stops what it started and
    // says why; anywhere else it ends the JVM as Kafka's own default does. Set once: Exit cannot be
    // given back its default (its reset installs a procedure that throws)
    Exit.setExitProcedure(thrownWhileStarting(System::exit));
    Exit.setHaltProcedure(thrownWhileStarting(Runtime.getRuntime()::halt));
  }

  private static Exit.Procedure thrownWhileStarting(IntConsumer end) {
    return (status, message) -> {
      if (STARTING.get()) {
        throw new GaveUpStarting(status, message);
      }
      end.accept(status);
    };
  }

  private final KafkaRaftServer server;
  private final Path logDir;
  private final boolean deleteLogDir;
  private final String bootstrapServers;

  private LoopbackKafka(KafkaRaftServer server, Path logDir, boolean deleteLogDir, String bootstrapServers) {
    this.server = server;
    this.logDir = logDir;
    this.deleteLogDir = deleteLogDir;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * On ports free when it starts, in {@code logDir}. A port found free can be taken by another
   * process before the broker binds it (several launchers starting at once): then it starts again
   * on other ports, up to {@value #FREE_PORT_ATTEMPTS} times.
   */
  public static LoopbackKafka startOnFreePorts(Path logDir, boolean deleteLogDir) {
    return startOnFreePorts(logDir, deleteLogDir, LoopbackHttpServer::freePort);
  }

  static LoopbackKafka startOnFreePorts(Path logDir, boolean deleteLogDir, IntSupplier freePorts) {
    for (int attempt = 1; ; attempt++) {
      int brokerPort = freePorts.getAsInt();
      int controllerPort = freePorts.getAsInt();
      while (controllerPort == brokerPort) { // a port just released can be handed out again at once
        controllerPort = freePorts.getAsInt();
      }
      try {
        return start(logDir, brokerPort, controllerPort, deleteLogDir);
      } catch (RuntimeException e) {
        if (attempt == FREE_PORT_ATTEMPTS || !mayBePortTaken(e)) {
          throw e;
        }
      }
    }
  }

  /**
   * Whether the start may have failed on a taken port: the broker's fails with the bind error; the
   * controller's ends it as a fatal fault whose cause Kafka logs but does not hand on, so any fatal
   * fault in the start counts (another would fail the same way on every attempt).
   */
  private static boolean mayBePortTaken(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof BindException || cause instanceof GaveUpStarting) {
        return true;
      }
    }
    return false;
  }

  /**
   * On the given ports, in {@code logDir}: a directory formatted before (a broker stopped or killed
   * earlier) is started again with its logs, as a restarted broker would be.
   */
  public static LoopbackKafka start(Path logDir, int brokerPort, int controllerPort, boolean deleteLogDir) {
    try {
      Files.createDirectories(logDir);
      if (!Files.exists(logDir.resolve("meta.properties"))) {
        new Formatter()
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
            .setClusterId(Uuid.randomUuid().toString())
            .setNodeId(1)
            .setDirectories(List.of(logDir.toString()))
            .setMetadataLogDirectory(logDir.toString())
            .setControllerListenerName("CONTROLLER")
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .run();
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot format the Kafka log directory", e);
    }
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
    config.put("delete.topic.enable", "true");
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
    STARTING.set(true);
    try {
      server.startup();
    } catch (RuntimeException e) {
      // a part that started (the controller, when the broker's port was taken) must not stay behind
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException stopFailed) {
        e.addSuppressed(stopFailed);
      }
      throw e;
    } finally {
      STARTING.set(false);
    }
    String bootstrap = "127.0.0.1:" + brokerPort;
    LoopbackKafka kafka = new LoopbackKafka(server, logDir, deleteLogDir, bootstrap);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.describeCluster().nodes().get(60, TimeUnit.SECONDS); // the broker answers
    } catch (Exception e) {
      kafka.close();
      throw new IllegalStateException("the in-process Kafka did not start", e);
    }
    return kafka;
  }


  /** Kafka's own fatal-fault handling ended the start; its log says why (the cause is not handed on). */
  static final class GaveUpStarting extends IllegalStateException {
    GaveUpStarting(int status, String message) {
      super("the in-process Kafka gave up starting (status " + status + (message == null ? "" : ": " + message) + "; its log says why)");
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (!deleteLogDir) {
      return;
    }
    try (Stream<Path> files = Files.walk(logDir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
