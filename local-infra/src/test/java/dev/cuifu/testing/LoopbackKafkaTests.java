package dev.cuifu.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several launchers starting at once: a port found free is taken before the broker binds it. */
class LoopbackKafkaTests {

  @Test
  void aBrokerPortTakenBeforeItIsBoundIsReplacedAndTheFailedAttemptLeavesNothingBound(@TempDir Path logDir) throws Exception {
    startsOnOtherPortsWhenTaken(logDir, 0);
  }

  /** Kafka ends its start on a controller port it cannot bind as a fatal fault, which would end the JVM. */
  @Test
  void aControllerPortTakenBeforeItIsBoundIsReplacedWithoutEndingTheJvm(@TempDir Path logDir) throws Exception {
    startsOnOtherPortsWhenTaken(logDir, 1);
  }

  /** The first attempt's port number {@code takenIndex} (0 the broker's, 1 the controller's) is taken. */
  private static void startsOnOtherPortsWhenTaken(Path logDir, int takenIndex) throws Exception {
    try (ServerSocket taken = loopbackSocket(0)) {
      int other = LoopbackHttpServer.freePort();
      List<Integer> handedOut = new ArrayList<>();
      IntSupplier ports =
          () -> {
            int port = handedOut.size() == takenIndex ? taken.getLocalPort() : handedOut.size() < 2 ? other : LoopbackHttpServer.freePort();
            handedOut.add(port);
            return port;
          };

      try (LoopbackKafka kafka = LoopbackKafka.startOnFreePorts(logDir, true, ports)) {
        assertThat(handedOut).as("a second attempt").hasSize(4);
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + handedOut.get(2));
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
          admin.createTopics(List.of(new NewTopic("after-a-taken-port", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
          assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains("after-a-taken-port");
        }
        if (takenIndex == 0) {
          // the controller had bound its port when the broker's failed
          try (ServerSocket released = loopbackSocket(other)) {
            assertThat(released.getLocalPort()).as("the failed attempt's controller port is released").isEqualTo(other);
          }
        }
      }
    }
  }

  @Test
  void portsTakenEveryTimeFailAfterAFewAttemptsSayingSo(@TempDir Path logDir) throws IOException {
    try (ServerSocket broker = loopbackSocket(0);
        ServerSocket controller = loopbackSocket(0)) {
      int[] calls = {0};
      IntSupplier ports = () -> calls[0]++ % 2 == 0 ? broker.getLocalPort() : controller.getLocalPort();

      assertThatThrownBy(() -> LoopbackKafka.startOnFreePorts(logDir, true, ports)).isInstanceOf(LoopbackKafka.GaveUpStarting.class);
      assertThat(calls[0]).isEqualTo(2 * LoopbackKafka.FREE_PORT_ATTEMPTS);
    }
  }

  /** Two ports asked for one after the other: the first, just released, can come back as the second. */
  @Test
  void theSamePortHandedOutTwiceInARowIsNotUsedForBothListeners(@TempDir Path logDir) throws Exception {
    int port = LoopbackHttpServer.freePort();
    List<Integer> handedOut = new ArrayList<>();
    IntSupplier ports =
        () -> {
          int next = handedOut.size() < 2 ? port : LoopbackHttpServer.freePort();
          handedOut.add(next);
          return next;
        };

    try (LoopbackKafka kafka = LoopbackKafka.startOnFreePorts(logDir, true, ports)) {
      assertThat(handedOut).hasSize(3);
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
    }
  }

  private static ServerSocket loopbackSocket(int port) throws IOException {
    return new ServerSocket(port, 1, InetAddress.getLoopbackAddress());
  }
}
