package dev.cuifu.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Before PostgreSQL starts: a port that answers already must be this data dir's own postmaster (one
 * left running by a launcher killed with SIGKILL, which the start takes over). Anything else (a
 * second Cuifu on another data dir, a system PostgreSQL) would be connected to as if it were ours:
 * Flyway would migrate a foreign database.
 */
final class PostgresPort {

  private PostgresPort() {}

  /**
   * The port to start PostgreSQL on: the one configured, but with "any free port" (0) the port of
   * this data dir's own postmaster when one is still running, so that the start takes it over as it
   * does on a fixed port, instead of failing on a data dir that postmaster holds.
   */
  static int forDataDir(int configured, Path postgresDataDir) {
    Optional<Integer> leftover = runningPostmasterPort(postgresDataDir);
    if (configured == 0) {
      return leftover.orElse(0);
    }
    if (leftover.isPresent() && leftover.get() != configured) {
      // it holds the data dir: a server on the configured port could not start, and this one would stay
      throw new LaunchFailure(
          ("this data dir's PostgreSQL is still running on port %d (left by a launcher that did not stop in order):"
                  + " start with -Dcuifu.local.postgres-port=%d (or 0) to take it over, or stop it with pg_ctl stop -D %s")
              .formatted(leftover.get(), leftover.get(), postgresDataDir));
    }
    return configured;
  }

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
    return runningPostmasterPort(postgresDataDir).filter(own -> own == port).isPresent();
  }

  private static Optional<Integer> runningPostmasterPort(Path postgresDataDir) {
    Path pidFile = postgresDataDir.resolve("postmaster.pid");
    try {
      List<String> lines = Files.readAllLines(pidFile);
      if (lines.size() < 4 || !ProcessHandle.of(Long.parseLong(lines.get(0).strip())).map(ProcessHandle::isAlive).orElse(false)) {
        return Optional.empty();
      }
      return Optional.of(Integer.parseInt(lines.get(3).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // no such file, or not a postmaster's
    }
  }
}
