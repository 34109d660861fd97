package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTests {

  @TempDir Path target;

  @Test
  void anArchiveIsUsedOnlyForTheJarItWasMadeFromARebuildOfTheSameContentIncluded() throws IOException {
    Path fatJar = target.resolve("cuifu-local.jar");
    writeJar(fatJar, "class v1", Instant.parse("2026-01-01T00:00:00Z"));
    ClassDataArchive archive = ClassDataArchive.beside(fatJar);
    assertThat(archive.dir()).isEqualTo(target.resolve("cuifu-local-cds"));
    assertThat(archive.isCurrent()).as("nothing made yet").isFalse();

    Files.createDirectories(archive.dir());
    Files.writeString(archive.applicationJar(), "extracted");
    Files.writeString(archive.dir().resolve("made-from"), ClassDataArchive.contentStamp(fatJar));
    assertThat(archive.isCurrent()).as("extracted, but no archive recorded (the training start failed)").isFalse();
    Files.writeString(archive.archive(), "archive");
    Files.writeString(archive.dir().resolve("made-from"), archive.stamp());
    assertThat(archive.isCurrent()).isTrue();

    Files.writeString(archive.archive(), "arch");
    assertThat(archive.isCurrent()).as("a truncated archive would crash the JVM mapping it").isFalse();
    Files.writeString(archive.archive(), "archive");
    assertThat(archive.isCurrent()).isTrue();
    Path moved = Files.createDirectories(target.resolve("moved"));
    Files.copy(fatJar, moved.resolve("cuifu-local.jar"));
    ClassDataArchive copy = ClassDataArchive.beside(moved.resolve("cuifu-local.jar"));
    Files.createDirectories(copy.dir());
    for (Path file : List.of(archive.applicationJar(), archive.archive(), archive.dir().resolve("made-from"))) {
      Files.copy(file, copy.dir().resolve(file.getFileName()));
    }
    assertThat(copy.isCurrent()).as("copied elsewhere: the JDK maps an archive only for the class path it recorded").isFalse();

    writeJar(fatJar, "class v1", Instant.parse("2026-02-01T00:00:00Z"));
    assertThat(archive.isCurrent()).as("repackaged, same classes: the archive still fits").isTrue();
    writeJar(fatJar, "class v2", Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(archive.isCurrent()).as("a changed class: the extracted copy and its archive are stale").isFalse();
  }

  @Test
  void onlyAFatJarRunningThisJvmIsRelaunchedTheTestsClassPathIsNot() throws InterruptedException {
    assertThat(ClassDataArchive.runningFatJar()).isEmpty();
    assertThat(ArchivedJvm.run(new String[0])).isEmpty();
  }

  private static void writeJar(Path jar, String content, Instant modified) throws IOException {
    try (OutputStream file = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(file)) {
      ZipEntry entry = new ZipEntry("BOOT-INF/classes/dev/cuifu/Some.class");
      entry.setLastModifiedTime(FileTime.from(modified));
      zip.putNextEntry(entry);
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
  }
}
