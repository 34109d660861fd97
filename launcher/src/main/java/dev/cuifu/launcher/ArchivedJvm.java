package dev.cuifu.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar cuifu-local.jar} runs the launcher again in a child JVM that maps the {@link
 * ClassDataArchive} (the flag that maps it can only be given on a JVM's command line): same JVM
 * options, same arguments, same standard streams, its exit status passed on. This JVM only waits:
 * SIGTERM is passed on to the child; Ctrl-C at a terminal reaches both (they are one process group),
 * so SIGINT is passed on (as SIGTERM, at once) only when this JVM is not a terminal's foreground job. The child stops
 * itself, in order, if this JVM disappears (SIGKILL). {@code -Dcuifu.local.class-data-sharing=false},
 * a jar without a current archive, or a platform without /proc: the launcher runs in this JVM.
 */
final class ArchivedJvm {

  /** Set on the child: the parent JVM's process id. */
  static final String PARENT = "cuifu.local.parent-pid";

  private ArchivedJvm() {}

  /** The child's exit status once it ends, or empty: run in this JVM. */
  static Optional<Integer> run(String[] args) throws InterruptedException {
    if (System.getProperty(PARENT) != null || !Boolean.parseBoolean(System.getProperty("cuifu.local.class-data-sharing", "true"))) {
      return Optional.empty();
    }
    Optional<ClassDataArchive> archive = ClassDataArchive.runningFatJar().map(ClassDataArchive::beside).filter(ClassDataArchive::isCurrent);
    Optional<List<String>> options = jvmOptions();
    if (archive.isEmpty() || options.isEmpty() || !Files.isReadable(Path.of("/proc/self/stat"))) {
      return Optional.empty();
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(options.get());
    command.add("-XX:SharedArchiveFile=" + archive.get().archive());
    command.add("-D" + PARENT + "=" + ProcessHandle.current().pid());
    command.addAll(List.of("-jar", archive.get().applicationJar().toString()));
    command.addAll(Arrays.asList(args));
    Process child;
    try {
      child = new ProcessBuilder(command).inheritIO().start();
    } catch (IOException e) {
      return Optional.empty();
    }
    Signals.handle("TERM", child::destroy);
    Signals.handle(
        "INT",
        () -> {
          if (!foregroundAtTerminal()) {
            child.destroy(); // SIGTERM, the same orderly stop: sent at once, where spawning kill -INT took up to a second
          }
        });
    try {
      return Optional.of(child.waitFor());
    } catch (InterruptedException e) {
      child.destroy();
      throw e;
    }
  }

  /**
   * This JVM's options as its command line gave them (those before {@code -jar}; /proc/self/cmdline,
   * cheaper than the management beans); those in JDK_JAVA_OPTIONS reach the child with the
   * environment. Empty where the command line cannot be read: the launcher then runs in this JVM,
   * rather than without options it was given.
   */
  private static Optional<List<String>> jvmOptions() {
    List<String> commandLine = ProcessHandle.current().info().arguments().map(Arrays::asList).orElse(List.of());
    int jar = commandLine.indexOf("-jar");
    return jar < 0 ? Optional.empty() : Optional.of(commandLine.subList(0, jar));
  }

  /**
   * In the child: a parent gone without passing a signal on (killed with SIGKILL) stops the
   * launcher as SIGTERM would, instead of leaving it, PostgreSQL with it, running unseen.
   */
  static void stopWithParent(Runnable stop) {
    String parent = System.getProperty(PARENT);
    if (parent != null) {
      ProcessHandle.of(Long.parseLong(parent)).ifPresentOrElse(p -> p.onExit().thenRun(stop), stop);
    }
  }

  /**
   * True when this process's group is its terminal's foreground group (/proc/self/stat: tty_nr
   * non-zero and tpgid equal to pgrp): a Ctrl-C there goes to every process of the group, the
   * child included.
   */
  private static boolean foregroundAtTerminal() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // state ppid pgrp session tty_nr tpgid
      return !fields[4].equals("0") && fields[5].equals(fields[2]);
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
