package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresPortTests {

  @TempDir Path dataDir;

  @Test
  void aPortHeldByAnotherServerIsRefusedWithTheWayOutNotConnectedTo() throws Exception {
    try (ServerSocket foreign = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = foreign.getLocalPort();
      assertThatThrownBy(() -> PostgresPort.refuseForeign(port, dataDir))
          .isInstanceOf(LaunchFailure.class)
          .hasMessage("another Cuifu or PostgreSQL is using port %d: stop it or choose another port with -Dcuifu.local.postgres-port=…", port);
      // a postmaster.pid of a dead process (a server killed with the machine) is not this dir's server
      Files.writeString(dataDir.resolve("postmaster.pid"), "999999999\n" + dataDir + "\n1\n" + port + "\n");
      assertThatThrownBy(() -> PostgresPort.refuseForeign(port, dataDir)).isInstanceOf(LaunchFailure.class);
    }
  }

  @Test
  void thisDataDirsOwnLiveServerIsTakenOverAndAFreePortIsFine() throws Exception {
    try (ServerSocket own = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = own.getLocalPort();
      Files.writeString(dataDir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir + "\n1\n" + port + "\n");
      assertThat(PostgresPort.ownPostmaster(dataDir, port)).isTrue();
      assertThatNoException().isThrownBy(() -> PostgresPort.refuseForeign(port, dataDir));
    }
    assertThatNoException().isThrownBy(() -> PostgresPort.refuseForeign(0, dataDir));
  }

  @Test
  void withAnyFreePortALeftoverServerOfThisDataDirIsStartedOnItsOwnPortToBeTakenOver() throws Exception {
    assertThat(PostgresPort.forDataDir(0, dataDir)).as("no server: any free port").isZero();
    Files.writeString(dataDir.resolve("postmaster.pid"), ProcessHandle.current().pid() + "\n" + dataDir + "\n1\n54777\n");
    assertThat(PostgresPort.forDataDir(0, dataDir)).as("a live leftover: its port").isEqualTo(54777);
    assertThat(PostgresPort.forDataDir(54777, dataDir)).as("the leftover's own port, configured").isEqualTo(54777);
    assertThatThrownBy(() -> PostgresPort.forDataDir(54329, dataDir))
        .as("another port configured: the leftover holds the data dir, and would be left running")
        .isInstanceOf(LaunchFailure.class)
        .hasMessage(
            "this data dir's PostgreSQL is still running on port 54777 (left by a launcher that did not stop in order):"
                + " start with -Dcuifu.local.postgres-port=54777 (or 0) to take it over, or stop it with pg_ctl stop -D " + dataDir);
    Files.writeString(dataDir.resolve("postmaster.pid"), "999999999\n" + dataDir + "\n1\n54777\n");
    assertThat(PostgresPort.forDataDir(0, dataDir)).as("a dead server's file: any free port").isZero();
    assertThat(PostgresPort.forDataDir(54329, dataDir)).as("a dead server's file: the configured port").isEqualTo(54329);
  }
}
