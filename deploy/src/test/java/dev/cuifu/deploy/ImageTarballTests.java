package dev.cuifu.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens the image tarballs that {@code jib:buildTar} wrote in each app's package phase (the reactor
 * builds both apps before this module) and checks what a container runtime would read from them.
 */
class ImageTarballTests {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "order-ingest, 8080, dev.cuifu.ingest.OrderIngestApplication",
    "reminder-service, 8081, dev.cuifu.reminder.ReminderServiceApplication"
  })
  void theImageRunsTheAppAsANonRootUserWithContainerAwareMemoryAndExposesItsPort(
      String app, String port, String mainClass) throws IOException {
    Image image = image(app);
    JsonNode config = image.config().path("config");

    assertThat(texts(config.path("Entrypoint")))
        .as("the JVM sizes its heap from the container's memory limit")
        .startsWith("java", "-XX:MaxRAMPercentage=75.0")
        .contains("-XX:+ExitOnOutOfMemoryError", "-Dfile.encoding=UTF-8")
        .endsWith("-cp", "@/app/jib-classpath-file", mainClass);
    assertThat(config.path("User").asString()).as("never root").isEqualTo("10001:10001");
    assertThat(config.path("ExposedPorts").propertyNames())
        .as("API, health probes and /actuator/prometheus share one port")
        .containsExactly(port + "/tcp");
    assertThat(texts(config.path("Env"))).contains("JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8");
    assertThat(config.path("Labels").path("org.opencontainers.image.title").asString()).isEqualTo(app);
    assertThat(config.path("Labels").path("org.opencontainers.image.version").asString()).isNotBlank();
    assertThat(config.path("Labels").path("org.opencontainers.image.description").asString()).isNotBlank();
    assertThat(image.config().path("created").asString())
        .as("reproducible: a fixed creation time")
        .isEqualTo("1970-01-01T00:00:00Z");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"order-ingest", "reminder-service"})
  void theLayersHoldAJavaRuntimeAWritableTmpAndEveryClasspathEntry(String app) throws IOException {
    Image image = image(app);

    assertThat(image.files()).containsKey("opt/java/openjdk/bin/java");
    assertThat(image.files().get("opt/java/openjdk/bin/java").getMode() & 0755).isEqualTo(0755);
    assertThat(image.files().get("lib/x86_64-linux-gnu/libc.so.6")).as("the C library").isNotNull();
    assertThat(image.files().get("tmp/").getMode() & 0777).as("/tmp writable by uid 10001").isEqualTo(0777);
    assertThat(image.files()).containsKey("etc/passwd");
    assertThat(image.classpath()).isNotBlank();
    for (String entry : image.classpath().strip().split(":")) {
      String path = entry.substring(1) + (entry.endsWith(".jar") ? "" : "/");
      assertThat(image.files()).as("classpath entry %s", entry).containsKey(path);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"order-ingest"})
  void theJavaRuntimeStartsInsideTheImagesOwnFileSystem(String app, @TempDir Path root)
      throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "unpacking the image and chroot into it needs root; skipped");
    Image image = image(app);
    image.unpack(root);
    Files.setPosixFilePermissions(root, permissions(0755));
    Path proc = Files.createDirectories(root.resolve("proc"));
    assumeTrue(run("mount", "-t", "proc", "proc", proc.toString()).exitCode() == 0, "cannot mount /proc here");
    try {
      Result version =
          run("chroot", "--userspec=10001:10001", root.toString(), "/opt/java/openjdk/bin/java", "-version");
      assertThat(version.exitCode()).as(version.output()).isZero();
      assertThat(version.output()).contains("version \"17");
    } finally {
      run("umount", proc.toString());
    }
  }

  private static final Map<String, Image> IMAGES = new ConcurrentHashMap<>();

  private static Image image(String app) throws IOException {
    assumeFalse(Boolean.getBoolean("jib.skip"), "-Djib.skip: no images were built");
    Image image = IMAGES.get(app);
    if (image == null) {
      image = Image.read(tarball(app));
      IMAGES.put(app, image);
    }
    return image;
  }

  static Path tarball(String app) {
    Path tar = Path.of("..", app, "target", app + "-image.tar");
    assertThat(tar)
        .as("built by jib:buildTar in %s's package phase (./mvnw verify builds it)", app)
        .exists();
    return tar;
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asString()));
    return values;
  }

  private static Set<PosixFilePermission> permissions(int mode) {
    PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << (bits.length - 1 - i))) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }

  record Result(int exitCode, String output) {}

  private static Result run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      return new Result(-1, output);
    }
    return new Result(process.exitValue(), output);
  }

  /** A docker-save tarball: manifest.json, the config, and gzipped layer tars in order. */
  record Image(
      Path tarball, JsonNode config, List<String> layers, Map<String, TarArchiveEntry> files, String classpath) {

    static Image read(Path tarball) throws IOException {
      JsonNode manifest = JSON.readTree(entry(tarball, "manifest.json")).get(0);
      JsonNode config = JSON.readTree(entry(tarball, manifest.path("Config").asString()));
      List<String> layers = texts(manifest.path("Layers"));
      Map<String, TarArchiveEntry> files = new LinkedHashMap<>();
      String classpath = "";
      for (String layer : layers) {
        try (TarArchiveInputStream in = layer(tarball, layer)) {
          for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            files.put(e.getName(), e);
            if (e.getName().equals("app/jib-classpath-file")) {
              classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
          }
        }
      }
      return new Image(tarball, config, layers, files, classpath);
    }

    /** Everything but the app itself: enough to start the Java runtime. */
    void unpack(Path root) throws IOException {
      for (String layer : layers) {
        try (TarArchiveInputStream in = layer(tarball, layer)) {
          for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
            Path target = root.resolve(e.getName()).normalize();
            if (e.getName().startsWith("app/")) {
              continue;
            }
            if (e.isDirectory()) {
              Files.createDirectories(target);
            } else {
              Files.createDirectories(target.getParent());
              Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(target, permissions(e.getMode()));
          }
        }
      }
    }

    private static byte[] entry(Path tarball, String name) throws IOException {
      try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tarball))) {
        for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
          if (e.getName().equals(name)) {
            return in.readAllBytes();
          }
        }
      }
      throw new IllegalArgumentException(name + " is not in " + tarball);
    }

    /** The layer's entries; the caller closes the stream (which closes the outer tarball). */
    private static TarArchiveInputStream layer(Path tarball, String name) throws IOException {
      TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tarball));
      for (TarArchiveEntry e = outer.getNextEntry(); e != null; e = outer.getNextEntry()) {
        if (e.getName().equals(name)) {
          InputStream gz = new GzipCompressorInputStream(outer);
          return new TarArchiveInputStream(gz);
        }
      }
      outer.close();
      throw new IllegalArgumentException(name + " is not in " + tarball);
    }
  }
}
