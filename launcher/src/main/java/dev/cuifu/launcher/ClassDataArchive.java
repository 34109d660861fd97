package dev.cuifu.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The launcher's class-data-sharing archive (JDK AppCDS): the classes a start loads, parsed and
 * verified once, mapped by the next JVMs instead of loaded again — about a third of a start's CPU
 * on a 2-core machine. The JDK archives classes only from plain jars on the class path, never from
 * the jars nested in {@code cuifu-local.jar}, so the archive sits beside that jar in {@code
 * cuifu-local-cds/}: the jar extracted as Spring Boot's tools extract it (the launcher's jar and
 * {@code lib/}) and the archive a training start recorded there. The build makes it ({@code java
 * -jar cuifu-local.jar class-data-archive}, in the package phase); {@link ArchivedJvm} uses it.
 */
record ClassDataArchive(Path fatJar, Path dir) {

  /** The training start's limit: a start on a busy machine takes minutes. */
  private static final long TRAINING_MINUTES = 10;

  static ClassDataArchive beside(Path fatJar) {
    String name = fatJar.getFileName().toString();
    return new ClassDataArchive(fatJar, fatJar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + "-cds"));
  }

  /** The extracted launcher jar: its manifest's class path names {@code lib/}'s jars. */
  Path applicationJar() {
    return dir.resolve(fatJar.getFileName());
  }

  Path archive() {
    return dir.resolve("classes.jsa");
  }

  /** What the extraction and the archive were made from (see {@link #stamp}). */
  private Path stampFile() {
    return dir.resolve("made-from");
  }

  /**
   * True when the archive was made from this very fat jar, here, and is whole: a rebuilt jar needs
   * a new one; so does a copy moved elsewhere (the JDK maps an archive only for the class path it
   * recorded), and a truncated archive would crash the JVM mapping it (SIGBUS).
   */
  boolean isCurrent() {
    try {
      return Files.isRegularFile(archive())
          && Files.isRegularFile(applicationJar())
          && Files.isRegularFile(stampFile())
          && Files.readString(stampFile()).equals(stamp());
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  /** The jar's {@link #contentStamp}, where the archive is, and the archive's size as recorded. */
  String stamp() throws IOException {
    return contentStamp(fatJar) + "dir " + dir.toAbsolutePath().normalize() + "\narchive " + Files.size(archive()) + "\n";
  }

  /**
   * Extracts the fat jar and records the archive with a start of the whole system on free ports and
   * a temporary data dir, stopped once ready (the JVM writes the archive as it exits); nothing to
   * do when the archive is current. Returns the exit status for the build: 1 when the jar could not
   * be extracted; a failed training start prints its log and leaves no archive (0).
   */
  int create() throws IOException, InterruptedException {
    if (isCurrent()) {
      System.out.println("[class-data-archive] up to date: " + archive());
      return 0;
    }
    deleteTree(dir);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    int extracted =
        new ProcessBuilder(java, "-Djarmode=tools", "-jar", fatJar.toString(), "extract", "--destination", dir.toString())
            .inheritIO()
            .start()
            .waitFor();
    if (extracted != 0) {
      System.out.println("[class-data-archive] extracting " + fatJar + " failed (" + extracted + ")");
      return 1;
    }
    Path data = Files.createTempDirectory("cuifu-class-data-training");
    Path log = dir.resolve("training.log");
    try {
      List<String> command = new ArrayList<>(List.of(java, "-XX:ArchiveClassesAtExit=" + archive(), "-Dcuifu.local.data-dir=" + data));
      for (String port : List.of("ingest", "reminder", "twilio-stub", "chat-stub", "postgres")) {
        command.add("-Dcuifu.local." + port + "-port=0");
      }
      command.addAll(List.of("-D" + CuifuLocal.EXIT_WHEN_STARTED + "=true", "-jar", applicationJar().toString()));
      Process training = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!training.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
        training.destroyForcibly();
      }
      if (training.waitFor() != 0 || !Files.isRegularFile(archive())) {
        // the archive only speeds a start up: without it the launcher runs in one JVM as before,
        // and a start that fails for real fails the launcher's own tests, not this step
        System.out.println("[class-data-archive] WARNING: the training start failed (" + training.exitValue() + "); no archive,"
            + " the launcher starts without one. Its log, " + log + ":");
        System.out.println(Files.readString(log));
        Files.deleteIfExists(archive());
        return 0;
      }
    } finally {
      deleteTree(data);
    }
    Files.writeString(stampFile(), stamp());
    System.out.println("[class-data-archive] made " + archive() + " (" + Files.size(archive()) / (1 << 20) + " MiB)");
    return 0;
  }

  /**
   * The fat jar running this JVM ({@code java -jar cuifu-local.jar}), if it is one: a single jar on
   * the class path with Spring Boot's nested libraries.
   */
  static Optional<Path> runningFatJar() {
    String classPath = System.getProperty("java.class.path", "");
    if (!classPath.endsWith(".jar") || classPath.contains(java.io.File.pathSeparator)) {
      return Optional.empty();
    }
    Path jar = Path.of(classPath).toAbsolutePath();
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.getEntry("BOOT-INF/lib/") == null ? Optional.empty() : Optional.of(jar);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * The jar's entries (names, sizes, CRCs) and the JVM: a rebuild of the same sources gives the
   * same stamp (the jar's own time stamps change), a change to any class or library another. Plain
   * text, no digest: a start reads it, and the JDK's digests take a quarter of a second to set up.
   */
  static String contentStamp(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      StringBuilder stamp = new StringBuilder(System.getProperty("java.vm.version")).append('\n'); // an archive is per JVM build
      for (ZipEntry entry : Collections.list(zip.entries())) {
        stamp.append(entry.getName()).append(' ').append(entry.getSize()).append(' ').append(Long.toHexString(entry.getCrc())).append('\n');
      }
      return stamp.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> all = Files.walk(root)) {
      all.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
