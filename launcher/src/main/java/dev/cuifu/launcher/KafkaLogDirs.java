package dev.cuifu.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The broker's temporary log dirs, named {@code cuifu-kafka-local-<pid>-…} after the launcher's
 * process: the broker deletes its own at a stop, and a launcher killed hard (or halted by a second
 * Ctrl-C) leaves one behind, which the next start deletes once no process of that id is alive.
 */
final class KafkaLogDirs {

  static final String PREFIX = "cuifu-kafka-local-";
  private static final Pattern NAME = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-.*");

  private KafkaLogDirs() {}

  static Path create() {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    deleteStale(tmp);
    try {
      return Files.createTempDirectory(tmp, PREFIX + ProcessHandle.current().pid() + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteStale(Path tmp) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
      for (Path dir : dirs) {
        Matcher name = NAME.matcher(dir.getFileName().toString());
        if (name.matches() && Files.isDirectory(dir) && Files.isWritable(dir) && !alive(Long.parseLong(name.group(1)))) {
          deleteTree(dir);
        }
      }
    } catch (IOException | RuntimeException e) {
      // a leftover is only disk space: never a reason not to start
    }
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
