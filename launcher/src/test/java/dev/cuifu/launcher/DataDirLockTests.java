package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirLockTests {

  @TempDir Path dataDir;

  @Test
  void aSecondLauncherOnTheSameDataDirIsRefusedNamingTheFirstUntilTheFirstIsKilled() throws Exception {
    Process first =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-cp",
                System.getProperty("java.class.path"),
                Holder.class.getName(),
                dataDir.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

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
  void aSecondStackInTheSameJvmIsRefusedAndTheDirIsFreeOnceTheFirstCloses() {
    DataDirLock first = DataDirLock.take(dataDir);
    assertThatThrownBy(() -> DataDirLock.take(dataDir)).isInstanceOf(LaunchFailure.class).hasMessageContaining("another Cuifu");
    first.close();
    DataDirLock.take(dataDir).close();
  }

  /** Another launcher: takes the lock, says so, and holds it until killed. */
  public static final class Holder {
    public static void main(String[] args) throws InterruptedException {
      DataDirLock.take(Path.of(args[0]));
      System.out.println("locked");
      System.out.flush();
      Thread.sleep(60_000);
    }
  }
}
