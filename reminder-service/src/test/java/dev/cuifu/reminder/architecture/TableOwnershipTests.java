package dev.cuifu.reminder.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One owner per table, as db-scheduler's {@code JdbcTaskRepository} owns its table: every
 * statement that changes a central table ({@code touch}, {@code buyer_order}) sits in the package
 * that owns it, so its invariants (the claim fence on {@code touch}, for one) are kept in one
 * place. Other features may read it with queries of their own.
 */
class TableOwnershipTests {

  private static final Path SOURCES = Path.of("src/main/java/dev/cuifu/reminder");

  @Test
  @DisplayName("rule: only the touch package writes the touch table")
  void onlyTheTouchPackageWritesTouch() {
    assertOnlyOwnerWrites("touch", "touch");
  }

  @Test
  @DisplayName("rule: only the order package writes the buyer_order table")
  void onlyTheOrderPackageWritesBuyerOrder() {
    assertOnlyOwnerWrites("buyer_order", "order");
  }

  @Test
  @DisplayName("rule: only the experiment package writes the experiment_decision and experiment_history tables")
  void onlyTheExperimentPackageWritesItsDecisionAndHistory() {
    assertOnlyOwnerWrites("experiment_decision", "experiment");
    assertOnlyOwnerWrites("experiment_history", "experiment");
  }

  private static void assertOnlyOwnerWrites(String table, String ownerPackage) {
    List<Path> writers = filesWriting(table);
    assertThat(writers).as("no file writes the %s table: has the check lost its way?", table).isNotEmpty();
    assertThat(writers.stream().filter(file -> !file.startsWith(SOURCES.resolve(ownerPackage))).map(Path::toString))
        .as("files outside %s that write the %s table (move the statement into %s)", SOURCES.resolve(ownerPackage), table, ownerPackage)
        .isEmpty();
  }

  /** Java sources whose text (text blocks and comments included) inserts, updates or deletes the table. */
  private static List<Path> filesWriting(String table) {
    Pattern write =
        Pattern.compile("\\b(insert\\s+into|update|delete\\s+from)\\s+" + Pattern.quote(table) + "\\b", Pattern.CASE_INSENSITIVE);
    try (Stream<Path> files = Files.walk(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).filter(f -> write.matcher(read(f)).find()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
