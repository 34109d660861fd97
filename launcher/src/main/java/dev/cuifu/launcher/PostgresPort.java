package dev.cuifu.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Before PostgreSQL starts: a port that answers already must be this data dir's own postmaster (one
 * left running by a launcher killed with SIGKILL, which the start takes over). Anything else (a
 * second Cuifu on another data dir, a system PostgreSQL) would be connected to as if it were ours:
 * Flyway would migrate a foreign database.
 */
final class PostgresPort {

  private PostgresPort() {}

  static void refuseForeign(int port, Path postgresDataDir) {
    if (port == 0 || !answers(port) || ownPostmaster(postgresDataDir, port)) {
      return;
    }
    throw new LaunchFailure(
        "another Cuifu or PostgreSQL is using port %d: stop it or choose another port with -Dcuifu.local.postgres-port=…".formatted(port));
  }

  private static boolean answers(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * postmaster.pid: the postmaster's process id on its first line, its port on the fourth; the
   * file outlives a killed server, so the process must also be alive.
   */
  static boolean ownPostmaster(Path postgresDataDir, int port) {
    Path pidFile = postgresDataDir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile);
      return lines.size() >= 4
          && Integer.parseInt(lines.get(3).strip()) == port
          && ProcessHandle.of(Long.parseLong(lines.get(0).strip())).map(ProcessHandle::isAlive).orElse(false);
    } catch (IOException | NumberFormatException e) {
      return false; // no such file, or not a postmaster's
    }
  }
}
