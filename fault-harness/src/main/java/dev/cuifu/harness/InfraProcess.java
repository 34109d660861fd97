package dev.cuifu.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One of the infrastructure's processes ({@link Infrastructure}) as the harness runs it: started
 * again with the same data, ports and log after a stop or a kill.
 */
final class InfraProcess {

  private final ChildJvm jvm;
  private final Path readyFile;

  InfraProcess(String name, Path workDir, String... arguments) {
    this.jvm = new ChildJvm(name, Launch.selfCommand(arguments), workDir.resolve(name + ".log"));
    this.readyFile = workDir.resolve(name + ".ready");
  }

  String name() {
    return jvm.name();
  }

  /** Starts the process and waits until it wrote its ready file; the address it wrote there. */
  String start(Duration timeout) {
    try {
      Files.deleteIfExists(readyFile);
      jvm.start();
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!Files.exists(readyFile)) {
        if (!jvm.alive() || System.nanoTime() > deadline) {
          throw new IllegalStateException(jvm.name() + " did not start; see " + jvm.log());
        }
        Launch.sleep(Duration.ofMillis(100));
      }
      return Files.readString(readyFile);
    } catch (IOException e) {
      throw Launch.unchecked(e);
    }
  }

  void kill() {
    jvm.kill();
  }

  void stop() {
    jvm.stop(Duration.ofSeconds(60));
  }

  void tell(String command) {
    jvm.tell(command);
  }

  static void stopAll(List<InfraProcess> processes) {
    processes.forEach(InfraProcess::stop);
  }
}
