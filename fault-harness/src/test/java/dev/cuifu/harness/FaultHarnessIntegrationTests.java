package dev.cuifu.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's short version: 60 orders, two kill -9 of a reminder-service instance, separate
 * JVMs from the services' exec jars (build them first: {@code ./mvnw -q -DskipTests package}).
 * About 2½ minutes of four JVMs on two cores, so it runs on request only: {@code ./mvnw -o -pl
 * fault-harness -am verify -Dcuifu.harness=true -Dtest=FaultHarnessIntegrationTests
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>"No SMS after a payment" is asserted with the bound a kill -9 allows: the dead member's
 * partitions are consumed again only after its 10 s session timeout and a rebalance, so a payment
 * answered then can miss an SMS falling due in that window (docs/reliability.md, finding F1;
 * before the consumers' session timeout was set it was 45 s).
 */
@EnabledIfSystemProperty(named = "cuifu.harness", matches = "true")
class FaultHarnessIntegrationTests {

  @Test
  void nothingAcceptedIsLostAndNothingIsSentTwiceAcrossKillMinus9OfReminderService(@TempDir Path workDir) throws Exception {
    FaultHarness.Result result =
        FaultHarness.run(
            FaultHarness.Options.parse(
                "--orders", "60", "--kills", "2", "--ingest-kills", "0", "--restarts", "0", "--broker-restarts", "0",
                "--postgres-restarts", "0", "--provider-faults", "0", "--seed", "20", "--paid-bound", "PT15S",
                "--work-dir", workDir.toString(), "--root", ".."));

    Counts counts = result.counts();
    assertThat(counts.accepted).as("orders answered 202").isEqualTo(60);
    assertThat(result.faults()).as("faults injected").hasSize(2);
    assertThat(result.faults()).as("faults not recovered from within 3 minutes").allMatch(f -> f.recovery() != null);
    assertThat(counts.neverPlanned).as("orders answered 202 but never planned").isEmpty();
    assertThat(counts.sentTwice).as("orders sent more than one SMS").isEmpty();
    assertThat(counts.sentAfterPayment).as("SMS later than the payment's 202 plus the bound").isEmpty();
    assertThat(counts.unpaidWithoutSms).as("unpaid orders without an SMS").isEmpty();
    assertThat(counts.neverSettled).as("SMS touches never settled").isEmpty();
    assertThat(counts.unknownRecipients).as("SMS to a number no order had").isEmpty();
  }
}
