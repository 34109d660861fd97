package dev.cuifu.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.harness.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fuzzer against a running Cuifu (a launcher, or the harness's processes), on request only:
 * {@code ./mvnw -o -pl fault-harness -am verify -Dtest=FuzzerIntegrationTests
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcuifu.fuzz.ingest-url=http://127.0.0.1:8080
 * -Dcuifu.fuzz.reminder-url=http://127.0.0.1:8081 -Dcuifu.fuzz.operator-token-file=.cuifu/operator-token
 * [-Dcuifu.fuzz.operator-token=…] [-Dcuifu.fuzz.requests=1000] [-Dcuifu.fuzz.seed=1]
 * [-Dcuifu.fuzz.threads=4]}.
 */
@EnabledIfSystemProperty(named = "cuifu.fuzz.ingest-url", matches = ".+")
class FuzzerIntegrationTests {

  @Test
  void noOperationAnswers5xxAndEvery4xxIsAProblemNamingAFieldOrReason() throws Exception {
    String token = System.getProperty("cuifu.fuzz.operator-token");
    if (token == null || token.isBlank()) {
      token = Files.readString(Path.of(System.getProperty("cuifu.fuzz.operator-token-file", ".cuifu/operator-token"))).strip();
    }
    Target target = new Target(System.getProperty("cuifu.fuzz.ingest-url"),
        System.getProperty("cuifu.fuzz.reminder-url", "http://127.0.0.1:8081"), token, null, null);
    FuzzOptions options = new FuzzOptions(Long.getLong("cuifu.fuzz.seed", 1), Integer.getInteger("cuifu.fuzz.requests", 1000),
        Integer.getInteger("cuifu.fuzz.threads", 4), java.time.Duration.ofSeconds(30));

    FuzzResult result = Fuzzer.run(target, options);
    result.print(System.out);

    assertThat(result.requests()).as("requests sent").isGreaterThanOrEqualTo(options.requests());
    assertThat(result.byOperation()).as("operations fuzzed").hasSizeGreaterThan(40);
    assertThat(result.count("5xx")).as("answers >= 500").isZero();
    assertThat(result.count("no answer")).as("requests without an answer").isZero();
    assertThat(result.failures()).as("answers the judge refused (5xx, non-problem 4xx, 2xx without credentials)").isEmpty();
  }
}
