package dev.cuifu.benchmark.deployed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The as-deployed mode at tiny sizes: every process started from its own jar (the reactor builds
 * them first), every phase run, and every row of the report printed with a figure; what the
 * figures are is never asserted.
 */
class AsDeployedSmokeTests {

  private static final List<String> PROCESSES =
      List.of("benchmark (the load's client)", "Kafka broker", "Twilio stub", "PostgreSQL", "order-ingest", "reminder-service");

  @Test
  void everyProcessGetsAFigureForEveryPhaseAndItsMemory() throws Exception {
    AsDeployedOptions options =
        new AsDeployedOptions(200, 1_000, 50, Path.of(".."), AsDeployedOptions.REMINDER_PRODUCTION, false);

    AsDeployedReport report = AsDeployed.run(options, System.out);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    report.print(new PrintStream(printed, true, StandardCharsets.UTF_8));
    String text = printed.toString(StandardCharsets.UTF_8);
    System.out.print(text);

    assertThat(report.ordersPlanned()).as("orders posted and planned through the two services").isEqualTo(200);
    assertThat(report.smsSent()).as("SMS of the burst handed to the stub").isEqualTo(50);
    assertThat(report.processes()).extracting(AsDeployedReport.ProcessFigures::name).containsExactlyElementsOf(PROCESSES);
    List<String> rows = text.lines().filter(line -> line.startsWith("| ")).toList();
    for (String process : PROCESSES) {
      List<String> table = tableOf(text, process);
      for (String row : AsDeployedReport.PROCESS_ROWS) {
        assertThat(table)
            .as(process + "'s row " + row + ", with a figure")
            .anySatisfy(line -> assertThat(line).startsWith("| " + row).satisfies(l -> assertThat(l.split("\\|")[2]).containsPattern("[0-9]")));
      }
      assertThat(rows)
          .as(process + " in the table side by side, with CPU and memory figures")
          .anySatisfy(line -> assertThat(line).startsWith("| " + process + " |").satisfies(l -> assertThat(l.split("\\|")).hasSize(6)
              .satisfies(cells -> List.of(2, 3, 4, 5).forEach(i -> assertThat(cells[i]).containsPattern("[0-9]")))));
    }
    for (String figure : AsDeployedReport.FIGURE_ROWS) {
      assertThat(rows)
          .as("the row of " + figure + ", with a figure")
          .anySatisfy(line -> assertThat(line).startsWith("| " + figure).satisfies(l -> assertThat(l.split("\\|")[2]).containsPattern("[0-9]")));
    }
    assertThat(rows)
        .as("the target's row says whether it is met")
        .anySatisfy(line -> assertThat(line).startsWith("| reminder-service RSS at").containsPattern("\\| (met|not met) \\|$"));
    assertThat(rows).as("no figure unknown").noneSatisfy(line -> assertThat(line).contains("unknown"));
  }

  /** The rows of one process's own table: from its heading to the next blank line after the table. */
  private static List<String> tableOf(String text, String process) {
    List<String> lines = text.lines().toList();
    int heading = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(process + " (pid ")) {
        heading = i;
        break;
      }
    }
    assertThat(heading).as("the table of " + process).isNotNegative();
    return lines.subList(heading + 1, lines.size()).stream().dropWhile(String::isBlank).takeWhile(line -> line.startsWith("|")).toList();
  }
}
