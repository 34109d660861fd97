import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Assembles the base file system of Cuifu's images from the JDK running the build: no registry is
 * reachable from the build machines, so Jib cannot pull eclipse-temurin:17-jre and builds on
 * {@code scratch} with this directory as an extra layer instead.
 *
 * <p>It holds a jlink'd Java runtime (every module of a JRE, none of the JDK's tools) at
 * /opt/java/openjdk — the same place as in eclipse-temurin — the shared libraries that runtime
 * links against (found with ldd, copied from the build machine), CA certificates, a passwd/group
 * naming the non-root user, and a world-writable /tmp. Run by the build as
 * {@code java JreRootfs.java <output dir>}; it does nothing when the output already matches the
 * running JDK. Linux only: a runtime from a macOS or Windows JDK could not run in a Linux image.
 */
public class JreRootfs {

  static final String JAVA_HOME = "opt/java/openjdk";
  static final int UID = 10001;

  /** Development tools and desktop-only modules a server never needs. */
  static final Set<String> LEFT_OUT =
      Set.of(
          "jdk.compiler", "jdk.javadoc", "jdk.jdeps", "jdk.jlink", "jdk.jpackage", "jdk.jshell",
          "jdk.jartool", "jdk.jconsole", "jdk.hotspot.agent", "jdk.editpad", "jdk.internal.ed",
          "jdk.internal.le", "jdk.internal.opt", "jdk.jstatd", "jdk.jdi", "jdk.jdwp.agent",
          "jdk.accessibility", "jdk.internal.vm.compiler", "jdk.internal.vm.compiler.management",
          "jdk.aot", "jdk.incubator.vector", "jdk.incubator.foreign");

  /** Native libraries for a display or sound card; their X11/ALSA dependencies are not wanted. */
  static final Pattern DESKTOP_LIB =
      Pattern.compile("lib(awt_xawt|splashscreen|jsound|jawt|fontmanager|lcms|javajpeg|mlib_image)\\.so");

  static final Pattern LDD_LINE = Pattern.compile("(?:=>\\s*)?(/\\S+)\\s+\\(0x[0-9a-f]+\\)");

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: java JreRootfs.java <output dir>");
    }
    Path out = Path.of(args[0]).toAbsolutePath();
    String stamp = System.getProperty("java.vm.version") + " " + System.getProperty("java.home") + "\n";
    Path stampFile = out.resolve(".jre-rootfs");
    if (Files.exists(stampFile) && Files.readString(stampFile).equals(stamp)) {
      System.out.println("[jre-rootfs] up to date: " + out);
      return;
    }
    if (!System.getProperty("os.name").equals("Linux")) {
      throw new IllegalStateException(
          "the image's Java runtime is taken from the build's JDK, which must be a Linux JDK; "
              + "elsewhere build with -Pregistry-base (eclipse-temurin:17-jre from a registry)");
    }
    deleteRecursively(out);
    Path javaHome = out.resolve(JAVA_HOME);
    jlink(javaHome);
    deleteDesktopLibraries(javaHome);
    copyLinkedLibraries(javaHome, out);
    copyCaCertificates(javaHome);
    writeEtc(out);
    Files.createDirectories(out.resolve("tmp"));
    Files.writeString(stampFile, stamp);
    System.out.println("[jre-rootfs] assembled " + out);
  }

  static void jlink(Path javaHome) throws IOException {
    Files.createDirectories(javaHome.getParent());
    String modules =
        ModuleFinder.ofSystem().findAll().stream()
            .map(ModuleReference::descriptor)
            .map(d -> d.name())
            .filter(name -> !LEFT_OUT.contains(name))
            .sorted()
            .collect(Collectors.joining(","));
    ToolProvider jlink =
        ToolProvider.findFirst("jlink").orElseThrow(() -> new IllegalStateException("no jlink: run the build on a JDK"));
    int status =
        jlink.run(
            System.out,
            System.err,
            "--add-modules", modules,
            "--strip-debug", "--no-man-pages", "--no-header-files", "--compress=2",
            "--output", javaHome.toString());
    if (status != 0) {
      throw new IllegalStateException("jlink failed with " + status);
    }
  }

  static void deleteDesktopLibraries(Path javaHome) throws IOException {
    try (Stream<Path> files = Files.walk(javaHome)) {
      for (Path file : files.filter(f -> DESKTOP_LIB.matcher(f.getFileName().toString()).matches()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** Every shared object the runtime's executables and libraries load, at its path on this machine. */
  static void copyLinkedLibraries(Path javaHome, Path out) throws IOException, InterruptedException {
    Set<String> needed = new TreeSet<>();
    List<Path> elfFiles;
    try (Stream<Path> files = Files.walk(javaHome)) {
      elfFiles = files.filter(Files::isRegularFile).filter(JreRootfs::isElf).toList();
    }
    for (Path file : elfFiles) {
      Process ldd = new ProcessBuilder("ldd", file.toString()).redirectErrorStream(true).start();
      String output = new String(ldd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      ldd.waitFor();
      for (String line : output.lines().toList()) {
        if (line.contains("not found") && !line.contains("libjvm.so")) {
          throw new IllegalStateException(file + " needs a library this machine lacks: " + line.strip());
        }
        Matcher m = LDD_LINE.matcher(line);
        if (m.find() && !m.group(1).startsWith(javaHome.toString())) {
          needed.add(m.group(1));
        }
      }
    }
    for (String library : needed) {
      Path target = out.resolve(library.substring(1));
      Files.createDirectories(target.getParent());
      // the real file under the link's name: Jib's layers hold no symbolic links
      Files.copy(Path.of(library).toRealPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static boolean isElf(Path file) {
    try (var in = Files.newInputStream(file)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F';
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Debian's JDK links its trust store to /etc/ssl/certs/java/cacerts; the image needs the file. */
  static void copyCaCertificates(Path javaHome) throws IOException {
    Path cacerts = javaHome.resolve("lib/security/cacerts");
    Path source = Path.of(System.getProperty("java.home"), "lib/security/cacerts");
    Files.deleteIfExists(cacerts);
    Files.copy(source.toRealPath(), cacerts);
    try (Stream<Path> files = Files.walk(javaHome)) {
      for (Path link : files.filter(Files::isSymbolicLink).toList()) {
        Path real = link.toRealPath();
        Files.delete(link);
        Files.copy(real, link);
      }
    }
  }

  static void writeEtc(Path out) throws IOException {
    Path etc = Files.createDirectories(out.resolve("etc"));
    Files.writeString(
        etc.resolve("passwd"),
        "root:x:0:0:root:/root:/sbin/nologin\ncuifu:x:%d:%d:cuifu:/tmp:/sbin/nologin\n".formatted(UID, UID));
    Files.writeString(etc.resolve("group"), "root:x:0:\ncuifu:x:%d:\n".formatted(UID));
    Files.writeString(etc.resolve("nsswitch.conf"), "passwd: files\ngroup: files\nhosts: files dns\n");
  }

  static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
