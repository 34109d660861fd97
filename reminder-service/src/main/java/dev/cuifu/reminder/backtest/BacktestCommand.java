package dev.cuifu.reminder.backtest;

import dev.cuifu.common.orderfile.CountingInputStream;
import dev.cuifu.common.orderfile.InvalidProfileException;
import dev.cuifu.common.orderfile.LineError;
import dev.cuifu.common.orderfile.OrderFileException;
import dev.cuifu.common.orderfile.OrderFileProfile;
import dev.cuifu.common.orderfile.OrderFileProfiles;
import dev.cuifu.common.orderfile.OrderFileReader;
import dev.cuifu.common.orderfile.OrderFileSummary;
import dev.cuifu.common.orderfile.OrderRow;
import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.reminder.policy.PolicyJson;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code backtest --orders FILE --profile tmall|P.json --policy A.json [--against B.json] [--lift 0.05]
 * [--lift-interval 0.02,0.08] [--segment-price 0.05] [--region CN]}: replays an order export through one or two policies
 * (the JSON the policy API takes) and prints what each would have done; a progress bar on stderr, the table on
 * stdout. Sends nothing and starts nothing.
 */
public final class BacktestCommand {

  /**
   * The region national buyer numbers are read in when {@code --region} is not given: the built-in
   * profile's market (Tmall), and the region of the launcher's demo shops.
   */
  static final String DEFAULT_REGION = "CN";

  static final String USAGE =
      "usage: backtest --orders FILE --profile " + String.join("|", OrderFileProfile.builtInNames())
          + "|PROFILE.json --policy A.json [--against B.json] [--lift 0.05] [--lift-interval LOW,HIGH] [--segment-price 0.05]"
          + " [--region " + DEFAULT_REGION + "|none]";

  private BacktestCommand() {}

  /** Runs the command; returns its exit status (0 done, 2 wrong arguments or input). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Map<String, String> options;
    try {
      options = options(args);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      err.println(USAGE);
      return 2;
    }
    try {
      OrderFileProfile profile = OrderFileProfiles.load(options.get("--profile"), OrderFileProfiles.Use.BACKTEST).file();
      BuyerPhones phones = new BuyerPhones(region(options.getOrDefault("--region", DEFAULT_REGION)));
      BacktestSettings settings = BacktestSettings.defaults();
      try {
        settings = settings.withLift(Double.parseDouble(options.getOrDefault("--lift", "0.05")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--lift " + (e instanceof NumberFormatException ? "must be a number" : e.getMessage()));
      }
      try {
        settings = settings.withSegmentPrice(new BigDecimal(options.getOrDefault("--segment-price", "0.05")));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--segment-price " + (e instanceof NumberFormatException ? "must be a number" : e.getMessage()));
      }
      LiftRange.Source range = options.containsKey("--lift-interval") ? liftInterval(options.get("--lift-interval")) : null;
      Map<String, ShopPolicy> policies = new LinkedHashMap<>();
      policies.put(options.get("--policy"), policy(Path.of(options.get("--policy"))));
      if (options.containsKey("--against")) {
        policies.put(options.get("--against"), policy(Path.of(options.get("--against"))));
      }
      Path file = Path.of(options.get("--orders"));
      ProgressBar bar = new ProgressBar(err, System.console() != null);
      List<OrderRow> rows = new ArrayList<>();
      long size = Math.max(1, Files.size(file));
      OrderFileSummary summary;
      try (CountingInputStream in = new CountingInputStream(Files.newInputStream(file))) {
        summary = OrderFileReader.read(in, profile, row -> {
          rows.add(phones.normalise(row));
          bar.show("reading", in.count(), size);
        });
      }
      bar.done("reading", String.format("%,d orders", summary.rows()));
      report(summary, err);
      if (phones.unreadable() > 0) {
        err.printf(
            "%,d buyer phone number(s) could not be read %s: those buyers are grouped by the number as written%n",
            phones.unreadable(), phones.region() == null ? "(no + and country code, and --region none)" : "in " + phones.region());
      }
      List<BacktestReport> reports = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Map.Entry<String, ShopPolicy> policy : policies.entrySet()) {
        String name = Path.of(policy.getKey()).getFileName().toString();
        long started = System.nanoTime();
        BacktestReport report = Backtest.run(rows, policy.getValue(), settings, n -> bar.show(name, n, rows.size()));
        reports.add(range == null ? report : report.withLift(settings.lift(), range));
        bar.done(name, String.format("%,d orders replayed in %.2f s", rows.size(), (System.nanoTime() - started) / 1e9));
        names.add(name);
      }
      out.print(BacktestTable.render(names, reports, profile.zone()));
      return 0;
    } catch (IOException e) {
      err.println("cannot read " + e.getMessage());
      return 2;
    } catch (InvalidProfileException e) {
      err.println("backtest: " + e.describe());
      return 2;
    } catch (OrderFileException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
  }

  private static void report(OrderFileSummary summary, PrintStream err) {
    if (summary.failed() == 0) {
      return;
    }
    err.printf("%,d line(s) skipped:%n", summary.failed());
    summary.errors().stream().limit(20).map(LineError::toString).forEach(e -> err.println("  " + e));
    if (summary.failed() > 20) {
      err.println("  ...");
    }
  }

  /** A region code libphonenumber knows ({@code CN}), or {@code none}: international numbers only. */
  private static String region(String value) {
    if (value.equalsIgnoreCase("none")) {
      return null;
    }
    return PhoneNumbers.supportedRegion(value)
        .orElseThrow(() -> new IllegalArgumentException("--region takes a region code such as CN or US (ISO 3166), or none"));
  }

  /** {@code LOW,HIGH}: two shares from -1 to 1, the lower first. */
  private static LiftRange.Source liftInterval(String value) {
    String[] ends = value.split(",", -1);
    if (ends.length == 2) {
      try {
        double low = Double.parseDouble(ends[0].strip());
        double high = Double.parseDouble(ends[1].strip());
        if (-1 <= low && low <= high && high <= 1) {
          return LiftRange.Source.assumed(low, high);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw new IllegalArgumentException("--lift-interval takes LOW,HIGH: two shares from -1 to 1, the lower first (e.g. 0.02,0.08)");
  }

  /** A policy file in the policy API's JSON; every broken field is named. */
  static ShopPolicy policy(Path path) throws IOException {
    try {
      List<FieldProblem> problems = new ArrayList<>();
      ShopPolicy policy = PolicyJson.read(PolicyJson.readTree(Files.readAllBytes(path)), problems);
      if (problems.isEmpty()) {
        replayable(policy, problems);
      }
      if (!problems.isEmpty()) {
        StringBuilder message = new StringBuilder(path + " is not a valid policy:");
        problems.forEach(p -> message.append("\n  ").append(p.field()).append(' ').append(p.message()));
        throw new IllegalArgumentException(message.toString());
      }
      return policy;
    } catch (InvalidRequestException e) {
      throw new IllegalArgumentException(path + ": " + e.getMessage());
    }
  }

  /**
   * What the replay itself needs of a policy beyond its form (the deployment's bounds are the
   * API's): a delay before the order (-PT30M) reminded orders before they existed, and a cap of
   * 0 messages ended the command with a stack trace.
   */
  private static void replayable(ShopPolicy policy, List<FieldProblem> problems) {
    if (policy.sms() != null) {
      notNegative(policy.sms().delay(), "sms.delay", problems);
    }
    if (policy.chat() != null) {
      notNegative(policy.chat().delay(), "chat.delay", problems);
    }
    if (policy.phone() != null) {
      notNegative(policy.phone().delay(), "phone.delay", problems);
    }
    if (!positive(policy.defaultPaymentDeadline())) {
      problems.add(new FieldProblem("defaultPaymentDeadline", "must be more than PT0S"));
    }
    if (policy.frequencyCap() != null) {
      if (policy.frequencyCap().maxMessages() < 1) {
        problems.add(new FieldProblem("frequencyCap.maxMessages", "must be 1 or more"));
      }
      if (!positive(policy.frequencyCap().window())) {
        problems.add(new FieldProblem("frequencyCap.window", "must be more than PT0S"));
      }
    }
  }

  private static boolean positive(Duration duration) {
    return duration != null && !duration.isNegative() && !duration.isZero();
  }

  private static void notNegative(Duration delay, String field, List<FieldProblem> problems) {
    if (delay != null && delay.isNegative()) {
      problems.add(new FieldProblem(field, "must not be negative (a delay after the order is created)"));
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new LinkedHashMap<>();
    List<String> known = List.of("--orders", "--profile", "--policy", "--against", "--lift", "--lift-interval", "--segment-price", "--region");
    for (int i = 0; i < args.length; i++) {
      if (!known.contains(args[i])) {
        throw new IllegalArgumentException("unknown argument " + args[i]);
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      options.put(args[i], args[++i]);
    }
    for (String required : List.of("--orders", "--profile", "--policy")) {
      if (!options.containsKey(required)) {
        throw new IllegalArgumentException(required + " is required");
      }
    }
    return options;
  }

  /**
   * One line on stderr, redrawn when the percentage changes; redirected to a file (no console), only
   * each phase's last line, not a hundred redraws.
   */
  private static final class ProgressBar {
    private static final int WIDTH = 30;
    private final PrintStream err;
    private final boolean terminal;
    private int shown = -1;

    ProgressBar(PrintStream err, boolean terminal) {
      this.err = err;
      this.terminal = terminal;
    }

    void show(String phase, long done, long total) {
      if (!terminal) {
        return;
      }
      int percent = (int) Math.min(100, done * 100 / Math.max(1, total));
      if (percent != shown) {
        shown = percent;
        int filled = percent * WIDTH / 100;
        err.print("\r" + phase + " [" + "#".repeat(filled) + " ".repeat(WIDTH - filled) + "] " + percent + "%");
        err.flush();
      }
    }

    void done(String phase, String what) {
      err.print((terminal ? "\r" : "") + phase + " [" + "#".repeat(WIDTH) + "] 100% " + what + "\n");
      err.flush();
      shown = -1;
    }
  }
}
