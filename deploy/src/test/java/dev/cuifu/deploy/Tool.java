package dev.cuifu.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An operator's command-line checker (docker-compose, promtool) run on a checked-in file. Where the
 * tool is not installed the test is skipped with a message saying which Debian package has it —
 * unless {@code CUIFU_REQUIRE_TOOLS=true} (CI sets it), where a missing tool fails the build.
 */
record Tool(String command, String debianPackage) {

  static final Tool DOCKER_COMPOSE = new Tool("docker-compose", "docker-compose");
  static final Tool PROMTOOL = new Tool("promtool", "prometheus");

  /** Runs the tool with the arguments in the directory and returns its output; asserts exit 0. */
  String check(Path directory, String... arguments) throws IOException, InterruptedException {
    requireInstalled();
    List<String> commandLine = new ArrayList<>(List.of(command));
    commandLine.addAll(List.of(arguments));
    Process process =
        new ProcessBuilder(commandLine).directory(directory.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s finished", commandLine).isTrue();
    assertThat(process.exitValue()).as("%s says:%n%s", String.join(" ", commandLine), output).isZero();
    return output;
  }

  private void requireInstalled() {
    boolean installed =
        List.of(System.getenv().getOrDefault("PATH", "").split(":")).stream()
            .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    String missing =
        command + " is not installed (Debian package " + debianPackage + "): check skipped";
    if ("true".equals(System.getenv("CUIFU_REQUIRE_TOOLS"))) {
      assertThat(installed).as(missing.replace("check skipped", "CUIFU_REQUIRE_TOOLS=true requires it")).isTrue();
    }
    assumeTrue(installed, missing);
  }
}
