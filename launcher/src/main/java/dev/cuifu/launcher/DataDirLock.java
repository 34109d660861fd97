package dev.cuifu.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One Cuifu per data dir. The launcher holds an exclusive lock on {@code cuifu.lock} in it while it
 * runs; the operating system drops the lock when the process ends, however it ends. Without it a
 * second launcher on the same dir took the first one's PostgreSQL for a leftover of a killed
 * launcher and failed deep in the embedded server's own lock, with a stack trace.
 */
final class DataDirLock implements AutoCloseable {

  static final String FILE = "cuifu.lock";

  /**
   * The lock files this JVM holds. A second stack here is refused from this set, without opening
   * the file: on Linux, closing any descriptor of a file drops every lock the process holds on it.
   */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path file;
  private final FileChannel channel;

  private DataDirLock(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Takes the lock, writing this process's id into the file.
   *
   * @throws LaunchFailure when another launcher holds it, naming its process
   */
  static DataDirLock take(Path dataDir) {
    Path file = dataDir.resolve(FILE).toAbsolutePath().normalize();
    if (!HELD.add(file)) {
      throw refused(dataDir, " (this process)");
    }
    FileChannel channel = null;
    try {
      // never through a link: the pid written below would overwrite whatever it points at
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      if (channel.tryLock() == null) {
        throw refused(dataDir, holder(file)); // read only now: this process holds no lock on it
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
      return new DataDirLock(file, channel);
    } catch (IOException | RuntimeException e) {
      HELD.remove(file);
      closeQuietly(channel);
      if (e instanceof IOException io) {
        throw new LaunchFailure("cannot lock the data dir %s (%s): %s".formatted(dataDir, FILE, reason(io)));
      }
      throw (RuntimeException) e;
    }
  }

  /** What the file system said, without the Java class names: "Too many levels of symbolic links". */
  static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return "a file is in the way of a directory";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static LaunchFailure refused(Path dataDir, String holder) {
    return new LaunchFailure(
        "another Cuifu%s is running on the data dir %s: stop it first, or give this one a data dir of its own with -Dcuifu.local.data-dir=…"
            .formatted(holder, dataDir));
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing a channel the start gives up on: nothing to add to its failure
    }
  }

  /** " (process 1234)" when the file names a live process, else nothing. */
  private static String holder(Path file) {
    try {
      long pid = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).strip());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(p -> " (process " + pid + ")").orElse("");
    } catch (IOException | NumberFormatException e) {
      return "";
    }
  }

  /** Releases the lock; the file stays (removing it would race a launcher about to lock it). */
  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      HELD.remove(file);
    }
  }
}
