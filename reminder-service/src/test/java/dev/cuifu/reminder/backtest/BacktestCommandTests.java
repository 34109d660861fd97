package dev.cuifu.reminder.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestCommandTests {

  static final String POLICY =
      """
      {
        "sms": {"enabled": true, "delay": "%s", "from": "+8613800138000"},
        "chat": {"enabled": false, "delay": "P1D", "webhookUrl": null},
        "phone": {"enabled": true, "delay": "PT1H", "minAmountMinor": 50000, "returningBuyerMinPaidOrders": 1, "onBuyerNote": true},
        "minOrderAmountMinor": 0,
        "defaultPaymentDeadline": "PT72H",
        "timeZone": "Asia/Shanghai",
        "quietHours": {"start": "21:00", "end": "08:00"},
        "frequencyCap": {"maxMessages": 1, "window": "PT24H"},
        "stockCheckUrl": null
      }
      """;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return BacktestCommand.run(
        args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void twoPoliciesSideBySideOnTheTmallReport(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("fast.json"), POLICY.formatted("PT10M"));
    Files.writeString(dir.resolve("slow.json"), POLICY.formatted("PT3H"));

    int status =
        run("--orders", "../data/tmall_order_report.csv", "--profile", "tmall", "--policy", dir.resolve("fast.json").toString(),
            "--against", dir.resolve("slow.json").toString(), "--lift", "0.1", "--segment-price", "0.04");

    assertThat(status).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table.lines().findFirst().orElseThrow()).contains("fast.json").contains("slow.json");
    assertThat(table).containsPattern("Orders replayed +28,010 +28,010");
    assertThat(table).containsPattern("Assumed lift +10.0% +10.0%");
    assertThat(table).contains("Tier 1 SMS").contains("Tier 3 PHONE").doesNotContain("Tier 2 CHAT");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("100%").contains("28,010 orders replayed in")
        .as("redirected, not a terminal: each phase's last line only, no redraws").doesNotContain("\r");
  }

  @Test
  void aLiftIntervalPrintsTheRecoveredRangeBesideThePointLift(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("fast.json"), POLICY.formatted("PT10M"));

    int status =
        run("--orders", "../data/tmall_order_report.csv", "--profile", "tmall", "--policy", dir.resolve("fast.json").toString(),
            "--lift", "0.05", "--lift-interval", "0.02,0.08");

    assertThat(status).isZero();
    String table = out.toString(StandardCharsets.UTF_8);
    // 3,923 reminded orders never paid: 2% and 8% of them
    assertThat(table).containsPattern("lift range +2.0% to 8.0%");
    assertThat(table).containsPattern("recovered orders over that range +78.5 to 313.8");
    assertThat(run("--orders", "x.csv", "--profile", "tmall", "--policy", "a.json", "--lift-interval", "0.08,0.02")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--lift-interval takes LOW,HIGH");
  }

  @Test
  void aPolicyWithBrokenFieldsIsRefusedNamingEach(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("bad.json"), POLICY.formatted("soon").replace("\"timeZone\": \"Asia/Shanghai\",", ""));

    int status = run("--orders", "../data/tmall_order_report.csv", "--profile", "tmall", "--policy", dir.resolve("bad.json").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("sms.delay must be an ISO-8601 duration")
        .contains("timeZone is required");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anUnknownProfileOrAMissingArgumentSaysHowToCallIt() {
    assertThat(run("--orders", "x.csv", "--profile", "shopify", "--policy", "a.json")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("no built-in profile 'shopify' (there are [tmall]) and no such file");
    assertThat(run("--orders", "x.csv")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--profile is required").contains("usage: backtest");
  }

  @Test
  void aLiftThatIsNotANumberOrAnAbsurdSegmentPriceIsRefusedBeforeAnythingIsReplayed(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.json"), POLICY.formatted("PT30M"));
    String policy = dir.resolve("a.json").toString();

    assertThat(run("--orders", "../data/tmall_order_report.csv", "--profile", "tmall", "--policy", policy, "--lift", "NaN"))
        .isEqualTo(2);
    assertThat(run("--orders", "../data/tmall_order_report.csv", "--profile", "tmall", "--policy", policy, "--segment-price", "1e999999999"))
        .isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--lift must be a share between 0 and 1")
        .contains("--segment-price must be between 0 and 1000");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void anOrderOfTheYear999999999IsALineErrorNotAStackTrace(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("a.json"), POLICY.formatted("PT30M"));
    Files.writeString(
        dir.resolve("orders.csv"),
        "订单编号,总金额,买家实际支付金额,收货地址 ,订单创建时间,订单付款时间 ,退款金额\n"
            + "1,178.8,0.0,x,+999999999-12-31 23:00:00,,0.0\n"
            + "2,178.8,0.0,x,2020-02-21 00:00:00,,0.0\n");

    int status =
        run("--orders", dir.resolve("orders.csv").toString(), "--profile", "tmall", "--policy", dir.resolve("a.json").toString());

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("Orders replayed +1\\n");
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("line 2 (order 1): 订单创建时间: a year outside 1900 to 9999");
  }

  @Test
  void aNegativeDelayOrACapOfNoMessagesIsRefusedNamingTheFieldNotReplayedOrCrashed(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("hostile.json"),
        POLICY.formatted("-PT30M").replaceFirst("\"maxMessages\": *1", "\"maxMessages\": 0"));

    int status =
        run("--orders", "../data/tmall_order_report.csv", "--profile", "tmall", "--policy", dir.resolve("hostile.json").toString());

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("sms.delay must not be negative")
        .contains("frequencyCap.maxMessages must be 1 or more");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  private static final String PROFILE =
      """
      {"name": "with-buyers",
       "columns": {"orderId": "id", "createdAt": "created", "paidAt": "paid", "amount": "total", "buyerPhone": "phone"},
       "currency": "CNY", "timeZone": "Asia/Shanghai"}""";

  @Test
  void aProfileJsonFileAndOneBuyerWhateverTheFormOfTheirNumberInTheRegion(@TempDir Path dir) throws IOException {
    String policy = Files.writeString(dir.resolve("a.json"), POLICY.formatted("PT30M")).toString();
    String profile = Files.writeString(dir.resolve("with-buyers.json"), PROFILE).toString();
    // one buyer written three ways, and a masked number no region reads
    String orders =
        Files.writeString(
                dir.resolve("orders.csv"),
                """
                id,created,paid,total,phone
                A1,2026-11-02 12:00:00,,20.00,13800138000
                A2,2026-11-02 12:01:00,,20.00,+8613800138000
                A3,2026-11-02 12:02:00,,20.00,138 0013 8000
                B1,2026-11-02 12:03:00,,20.00,139****9999
                """)
            .toString();

    assertThat(run("--orders", orders, "--profile", profile, "--policy", policy)).as(err.toString(StandardCharsets.UTF_8)).isZero();

    // CN by default: A1's SMS takes A2 and A3 along (one message per buyer per 24 h); the masked number is a buyer of its own
    assertThat(out.toString(StandardCharsets.UTF_8)).containsPattern("SMS messages +2\\n").containsPattern("orders merged into another order's SMS +2\\n");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("1 buyer phone number(s) could not be read in CN")
        .doesNotContain("139****9999");

    out.reset();
    assertThat(run("--orders", orders, "--profile", profile, "--policy", policy, "--region", "none")).isZero();

    assertThat(out.toString(StandardCharsets.UTF_8)).as("national numbers read as written").containsPattern("SMS messages +4\\n");
    assertThat(run("--orders", orders, "--profile", profile, "--policy", policy, "--region", "XX")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--region takes a region code");
  }

  @Test
  void aBrokenProfileJsonIsRefusedNamingEachField(@TempDir Path dir) throws IOException {
    String policy = Files.writeString(dir.resolve("a.json"), POLICY.formatted("PT30M")).toString();
    String profile = Files.writeString(dir.resolve("bad.json"), "{\"columns\": {\"orderId\": \"id\"}, \"currency\": \"CNY\"}").toString();

    assertThat(run("--orders", "../data/tmall_order_report.csv", "--profile", profile, "--policy", policy)).isEqualTo(2);

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("profile bad.json is not valid")
        .contains("  - columns.createdAt: required")
        .contains("  - timeZone: required");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
  }
}
