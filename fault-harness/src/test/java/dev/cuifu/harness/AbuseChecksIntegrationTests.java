package dev.cuifu.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.harness.privacy.PrivacyResult;
import dev.cuifu.harness.privacy.PrivacyScan;
import dev.cuifu.harness.rawinput.RawInputResult;
import dev.cuifu.harness.rawinput.RawTopicInput;
import dev.cuifu.harness.tenancy.TenancyMatrix;
import dev.cuifu.harness.tenancy.TenancyResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The three abuse checks against a Cuifu that is already running (a launcher, say), on request
 * only: {@code ./mvnw -o -pl fault-harness -am verify -Dtest=AbuseChecksIntegrationTests
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcuifu.abuse.ingest-url=http://localhost:8080
 * -Dcuifu.abuse.reminder-url=http://localhost:8081 -Dcuifu.abuse.operator-token=op_…
 * -Dcuifu.abuse.kafka-bootstrap=127.0.0.1:… -Dcuifu.abuse.log-dir=/path/with/the/services/*.log}.
 * The Markdown report goes to {@code fault-harness/target/abuse-checks-report.md}. Each check
 * creates shops of its own, so it can run against a system in use. Last, the matrix runs once more
 * with shop A's own credentials in B's place, and must then see violations of every kind: the
 * control that shows the checks can see one.
 */
@EnabledIfSystemProperty(named = "cuifu.abuse.ingest-url", matches = ".+")
class AbuseChecksIntegrationTests {

  @Test
  void noShopSeesOrChangesAnothersNoRawPhoneLeaksAndBadRecordsDoNotStallTheConsumer() throws Exception {
    Target target =
        new Target(
            System.getProperty("cuifu.abuse.ingest-url"),
            System.getProperty("cuifu.abuse.reminder-url"),
            System.getProperty("cuifu.abuse.operator-token"),
            System.getProperty("cuifu.abuse.kafka-bootstrap"),
            Path.of(System.getProperty("cuifu.abuse.log-dir", ".")));

    TenancyResult tenancy = TenancyMatrix.run(target);
    RawInputResult raw = RawTopicInput.run(target);
    Set<String> phones = new TreeSet<>(tenancy.phones());
    phones.addAll(RawTopicInput.PHONES);
    PrivacyResult privacy = PrivacyScan.scan(target, phones, tenancy.errorBodies());

    ByteArrayOutputStream report = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(report, true, StandardCharsets.UTF_8)) {
      tenancy.print(out);
      raw.print(out);
      privacy.print(out);
    }
    String text = report.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    Files.writeString(Path.of("target", "abuse-checks-report.md"), text);

    SoftAssertions soft = new SoftAssertions();
    soft.assertThat(tenancy.notCovered()).as("operations the matrix could not exercise (besides Twilio's webhooks)")
        .allSatisfy(n -> assertThat(n.operation()).startsWith("POST /twilio/"));
    soft.assertThat(tenancy.violations()).as("cross-shop reads and writes").isEmpty();
    soft.assertThat(raw.afterOrderPlanned()).as("the order behind the bad records planned within " + raw.bound()).isNotNull();
    soft.assertThat(raw.outcomes()).as("bad records dead-lettered or applied as their kind calls for")
        .allSatisfy(o -> assertThat(o.asExpected()).as(o.kind() + ": " + o.fate()).isTrue());
    soft.assertThat(privacy.failing()).as("raw phone numbers in logs, dead-letter headers, metrics, error bodies").isEmpty();

    // last: the control's failed sign-ins count against this address for a minute
    TenancyResult control = TenancyMatrix.control(target);
    Map<String, Set<String>> seen = new TreeMap<>();
    control.violations().forEach(v -> seen.computeIfAbsent(v.operation(), k -> new TreeSet<>()).add(v.kind()));
    StringBuilder controlLines = new StringBuilder("\n## control: what the matrix saw with A's own credentials in B's place\n");
    seen.forEach((operation, kinds) -> controlLines.append("- `").append(operation).append("`: ").append(String.join(", ", kinds)).append('\n'));
    Files.writeString(Path.of("target", "abuse-checks-report.md"), controlLines, StandardOpenOption.APPEND);
    soft.assertThat(control.violations()).as("the control (A's own credentials in B's place) shows each kind of violation")
        .extracting(TenancyResult.Violation::kind)
        .contains("cross-shop access", "cross-shop read", "cross-shop write");
    soft.assertThat(seen).as("the control sees A's store accepted with A's secret and A's orders in A's backtest")
        .containsKeys("POST /webhooks/v1/shopify", "POST /webhooks/v1/woocommerce", "POST /webhooks/v1/taobao", "POST /api/v1/backtests");
    soft.assertAll();
  }
}
