package dev.cuifu.launcher.orderimport;

import dev.cuifu.common.orderfile.CountingInputStream;
import dev.cuifu.common.orderfile.LineError;
import dev.cuifu.common.orderfile.OrderFileException;
import dev.cuifu.common.orderfile.OrderFileReader;
import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.common.orderfile.InvalidProfileException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code cuifu-local.jar import --orders FILE --profile tmall|PROFILE.json --api-key-file PATH}:
 * an order export streamed into a running order-ingest through its public batch API, so that each
 * order passes the same validation, phone normalisation (in the shop's phoneRegion), dedupe and
 * transactional publish as a live one. Rows are posted in batches as they are read (bounded memory
 * whatever the file's size); lines that cannot become events go to the error report with their
 * number and why; re-importing publishes nothing new (event ids come from the order ids).
 *
 * <p>Exit status: 0 every line imported, 1 imported with line errors, 2 wrong arguments, profile or
 * file header, 3 stopped (order-ingest unreachable or refusing the key): run again to go on.
 */
public final class OrderImport {

  static final int OK = 0;
  static final int LINE_ERRORS = 1;
  static final int USAGE = 2;
  static final int STOPPED = 3;

  static final String USAGE_TEXT =
      """
      usage: java -jar cuifu-local.jar import --orders FILE --profile tmall|PROFILE.json --api-key-file PATH
                 [--ingest http://localhost:8080] [--errors FILE.errors.csv] [--batch 500] [--from-line N]
        --orders        the order export (CSV, UTF-8, a header line)
        --profile       a built-in profile name or a profile JSON file mapping its columns (docs/import.md)
        --api-key-file  a file holding the shop's API key (X-Api-Key); the orders go to that shop
        --ingest        order-ingest's base URL (default http://localhost:8080)
        --errors        the per-line error report (default: FILE.errors.csv, written only if a line fails)
        --batch         events per request, 1 to 1000 (default 500)
        --from-line     skip the rows before this line (to go on after a stop; re-importing them is harmless)""";

  private static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8));

  /** The command line, checked. */
  record Options(Path orders, String profile, String ingest, Path apiKeyFile, Path errors, int batch, long fromLine) {

    static Options parse(String[] args) {
      Map<String, String> given = new HashMap<>();
      Set<String> known = Set.of("--orders", "--profile", "--ingest", "--api-key-file", "--errors", "--batch", "--from-line");
      for (int i = 0; i < args.length; i++) {
        String name = args[i];
        String value = null;
        int eq = name.indexOf('=');
        if (eq > 0) {
          value = name.substring(eq + 1);
          name = name.substring(0, eq);
        } else if (i + 1 < args.length) {
          value = args[++i];
        }
        if (!known.contains(name)) {
          throw new IllegalArgumentException("unknown option " + name);
        }
        if (value == null) {
          throw new IllegalArgumentException(name + " needs a value");
        }
        given.put(name, value);
      }
      for (String required : List.of("--orders", "--profile", "--api-key-file")) {
        if (!given.containsKey(required)) {
          throw new IllegalArgumentException(required + " is required");
        }
      }
      Path orders = Path.of(given.get("--orders"));
      int batch = number(given.getOrDefault("--batch", "500"), "--batch");
      if (batch < 1 || batch > 1000) {
        throw new IllegalArgumentException("--batch takes 1 to 1000 (order-ingest's largest batch)");
      }
      long fromLine = number(given.getOrDefault("--from-line", "1"), "--from-line");
      String errors = given.get("--errors");
      return new Options(
          orders, given.get("--profile"), ingest(given.getOrDefault("--ingest", "http://localhost:8080")),
          Path.of(given.get("--api-key-file")),
          errors == null ? Path.of(orders + ".errors.csv") : Path.of(errors), batch, fromLine);
    }

    /** An http(s) base URL, checked here so that {@code localhost:8080} is a usage error, not the HTTP client's stack trace. */
    private static String ingest(String url) {
      URI uri;
      try {
        uri = new URI(url.strip());
      } catch (URISyntaxException e) {
        uri = null;
      }
      if (uri == null || uri.getHost() == null || !("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))) {
        throw new IllegalArgumentException("--ingest takes order-ingest's base URL, such as http://localhost:8080");
      }
      return url.strip();
    }

    private static int number(String text, String option) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes a whole number");
      }
    }
  }

  private final Options options;
  private final ImportProfile profile;
  private final IngestClient client;
  private final ErrorReport report;
  private final Progress.Tally tally = new Progress.Tally();
  private final List<RowEvents> pending = new ArrayList<>();
  private int pendingEvents;
  private Progress progress;

  private OrderImport(Options options, ImportProfile profile, IngestClient client, ErrorReport report) {
    this.options = options;
    this.profile = profile;
    this.client = client;
    this.report = report;
  }

  /** The launcher's {@code import} subcommand: runs it and exits with its status. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err, BACKOFF));
  }

  /** Runs an import; the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err, List<Duration> backoff) {
    Options options;
    ImportProfile profile;
    String apiKey;
    try {
      options = Options.parse(args);
      profile = ImportProfile.load(options.profile());
      String why = profile.whyNotImportable();
      if (why != null) {
        err.println("import refused: " + why);
        return USAGE;
      }
      if (!Files.isRegularFile(options.orders())) {
        throw new IllegalArgumentException("no such file: " + options.orders());
      }
      apiKey = apiKey(options.apiKeyFile());
    } catch (IllegalArgumentException e) {
      err.println("import: " + e.getMessage());
      err.println(USAGE_TEXT);
      return USAGE;
    } catch (InvalidProfileException e) {
      err.println("import: " + e.describe());
      return USAGE;
    }
    try (ErrorReport report = new ErrorReport(options.errors())) {
      OrderImport run = new OrderImport(options, profile, new IngestClient(options.ingest(), apiKey, backoff), report);
      return run.importFile(out, err);
    }
  }

  private static String apiKey(Path file) {
    try {
      String key = Files.isRegularFile(file) ? Files.readString(file).strip() : "";
      if (key.isEmpty()) {
        throw new IllegalArgumentException("--api-key-file " + file + " is missing or empty: it holds the shop's API key");
      }
      return key;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --api-key-file " + file + ": " + e.getMessage());
    }
  }

  private int importFile(PrintStream out, PrintStream err) {
    long started = System.nanoTime();
    try (CountingInputStream in = new CountingInputStream(Files.newInputStream(options.orders()))) {
      progress = new Progress(err, Files.size(options.orders()), in::count, System.console() != null);
      OrderFileReader.read(
          new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16),
          profile.file(),
          this::add,
          this::unreadable,
          unmapped ->
              err.println(
                  "import: warning: column(s) " + unmapped + " of " + options.orders() + " are not in profile " + profile.file().name()
                      + " and are not imported"));
      flush();
      progress.finish(tally);
    } catch (OrderFileException e) {
      err.println("import: " + options.orders() + ": " + e.getMessage());
      return USAGE;
    } catch (ImportStoppedException e) {
      progress.finish(tally);
      err.println(e.getMessage());
      summary(out, started, "stopped");
      return STOPPED;
    } catch (IOException e) {
      err.println("import: cannot read " + options.orders() + ": " + e.getMessage());
      return USAGE;
    }
    summary(out, started, "imported");
    return report.count() == 0 ? OK : LINE_ERRORS;
  }

  private void add(OrderRow row) {
    if (row.line() < options.fromLine()) {
      return;
    }
    tally.rows++;
    List<String> problems = new ArrayList<>(0);
    RowEvents events = RowEvents.of(row, profile.itemSummary(), problems);
    if (events == null) {
      refuse(row.line(), row.orderId(), String.join("; ", problems));
    } else {
      pending.add(events);
      pendingEvents += events.events().size();
      if (pendingEvents >= options.batch()) {
        flush();
      }
    }
    progress.update(tally);
  }

  private void unreadable(LineError error) {
    if (error.line() >= options.fromLine() || error.line() < 0) {
      tally.rows++; // read, if not readable
      refuse(error.line(), error.orderId(), error.reason());
    }
  }

  private void refuse(long line, String orderId, String reason) {
    tally.refused++;
    report.add(line, orderId, reason);
  }

  /** Posts what is pending, taking out the rows order-ingest refuses, until the rest is accepted. */
  private void flush() {
    while (!pending.isEmpty()) {
      List<ObjectNode> events = new ArrayList<>(pendingEvents);
      List<RowEvents> rowOfEvent = new ArrayList<>(pendingEvents);
      for (RowEvents row : pending) {
        events.addAll(row.events());
        row.events().forEach(e -> rowOfEvent.add(row));
      }
      IngestClient.Answer answer;
      try {
        answer = client.post(events);
      } catch (IngestClient.UnavailableException e) {
        throw stopped("order-ingest did not take the batch: " + e.getMessage());
      }
      if (answer instanceof IngestClient.Accepted accepted) {
        tally.published += accepted.accepted();
        tally.duplicates += accepted.duplicates();
        pending.clear();
        pendingEvents = 0;
      } else if (answer instanceof IngestClient.Refused refused) {
        // a row goes out whole, with the reasons of all its refused events
        Map<RowEvents, String> rows = new IdentityHashMap<>();
        refused.reasons().forEach((index, reason) -> {
          if (index < rowOfEvent.size()) {
            rows.merge(rowOfEvent.get(index), reason, (a, b) -> a + "; " + b);
          }
        });
        if (rows.isEmpty()) {
          throw stopped("order-ingest refused events this batch does not hold: " + refused.reasons().keySet());
        }
        rows.forEach(this::takeOut);
      } else if (answer instanceof IngestClient.Reused reused) {
          Set<RowEvents> rows = Collections.newSetFromMap(new IdentityHashMap<>());
          for (RowEvents row : pending) {
            if (row.events().stream().anyMatch(e -> reused.eventIds().contains(e.get("eventId").asString()))) {
              rows.add(row);
            }
          }
          if (rows.isEmpty()) {
            throw stopped("order-ingest answered 409 for event ids this batch does not hold: " + reused.eventIds());
          }
          rows.forEach(
              row ->
                  takeOut(
                      row,
                      "imported before with other content (the order changed in the export since): order-ingest keeps the"
                          + " first; an order's changes after import come as its own events"));
      } else if (answer instanceof IngestClient.Failed failed) {
        throw stopped(failed.reason());
      }
    }
  }

  private void takeOut(RowEvents row, String reason) {
    if (pending.remove(row)) {
      pendingEvents -= row.events().size();
      refuse(row.line(), row.orderId(), reason);
    }
  }

  private ImportStoppedException stopped(String why) {
    long from = pending.isEmpty() ? options.fromLine() : pending.get(0).line();
    return new ImportStoppedException(
        ("import stopped: %s%nThe rows before line %d are imported. Run the same command again to go on (rows already"
                + " imported count as duplicates, nothing is published twice), or add --from-line %d to skip reading them.")
            .formatted(why, from, from));
  }

  private void summary(PrintStream out, long started, String what) {
    out.printf(
        Locale.ROOT,
        "%s %s with profile %s in %.1f s: %,d rows read, %,d events published, %,d duplicates (imported before), %,d lines refused%s%n",
        what,
        options.orders(),
        profile.file().name(),
        (System.nanoTime() - started) / 1e9,
        tally.rows,
        tally.published,
        tally.duplicates,
        tally.refused,
        report.count() == 0 ? "" : " (line, order and reason in " + report.path() + ")");
  }

  /** The import cannot go on; the message says from where to resume. */
  static final class ImportStoppedException extends RuntimeException {
    ImportStoppedException(String message) {
      super(message, null, false, false);
    }
  }

}
