package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTests {

  @TempDir Path dataDir;

  @Test
  void aSecondLauncherOnTheSameDataDirIsRefusedNamingTheFirstUntilTheFirstIsKilled() throws Exception {
    Process first = holder();
    try {
      assertThat(firstLine(first)).isEqualTo("locked");

      assertThatThrownBy(() -> DataDirLock.take(dataDir))
          .isInstanceOf(LaunchFailure.class)
          .hasMessage(
              "another Cuifu (process " + first.pid() + ") is running on the data dir " + dataDir
                  + ": stop it first, or give this one a data dir of its own with -Dcuifu.local.data-dir=…");

      first.destroyForcibly(); // SIGKILL: no code of its own releases anything
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      DataDirLock.take(dataDir).close();
    } finally {
      first.destroyForcibly();
    }
  }

  @Test
  void aSecondStackInTheSameJvmIsRefusedWithoutLettingGoOfTheFirstsLock() throws Exception {
    DataDirLock first = DataDirLock.take(dataDir);
    try {
      assertThatThrownBy(() -> DataDirLock.take(dataDir)).isInstanceOf(LaunchFailure.class).hasMessageContaining("another Cuifu (this process)");

      Process other = holder();
      assertThat(firstLine(other)).as("another process after the refusal here").startsWith("refused: another Cuifu (process " + ProcessHandle.current().pid() + ")");
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      first.close();
    }
    DataDirLock.take(dataDir).close();
  }

  @Test
  void aLockFileThatIsALinkIsNotFollowedAndOneThatIsADirectoryIsSaidPlainly() throws Exception {
    Path precious = Files.writeString(dataDir.resolveSibling(dataDir.getFileName() + "-precious"), "precious data");
    try {
      Files.createSymbolicLink(dataDir.resolve(DataDirLock.FILE), precious);
      assertThatThrownBy(() -> DataDirLock.take(dataDir))
          .isInstanceOf(LaunchFailure.class)
          .hasMessageStartingWith("cannot lock the data dir " + dataDir + " (cuifu.lock): ");
      assertThat(precious).hasContent("precious data");
    } finally {
      Files.deleteIfExists(precious);
    }
    Files.delete(dataDir.resolve(DataDirLock.FILE));
    Files.createDirectory(dataDir.resolve(DataDirLock.FILE));
    assertThatThrownBy(() -> DataDirLock.take(dataDir)).isInstanceOf(LaunchFailure.class).hasMessageStartingWith("cannot lock the data dir");
  }

  private Process holder() throws IOException {
    return new ProcessBuilder(
            ProcessHandle.current().info().command().orElse("java"), "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dataDir.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD) // a JVM notice (JAVA_TOOL_OPTIONS) goes to stderr
        .start();
  }

  private static String firstLine(Process process) throws IOException {
    return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)).readLine();
  }

  /** Another launcher: takes the lock, says so, and holds it until killed; or says it was refused. */
  public static final class Holder {
    public static void main(String[] args) throws InterruptedException {
      try {
        DataDirLock.take(Path.of(args[0]));
      } catch (LaunchFailure e) {
        System.out.println("refused: " + e.getMessage());
        return;
      }
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
