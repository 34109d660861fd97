package dev.cuifu.harness.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FuzzResultTests {

  @Test
  void theReportGivesTheTotalsAndOneLinePerKindOfFailure() {
    FuzzResult.Failure trace1 = new FuzzResult.Failure("GET /api/v1/policy (reminder)", "BAD_METHOD, credential VALID", 405,
        "status 405 is not application/problem+json (Content-Type application/json)", "{}", "curl -si -X TRACE …");
    FuzzResult.Failure trace2 = new FuzzResult.Failure("GET /api/v1/scripts (reminder)", "BAD_METHOD, credential NONE", 405,
        "status 405 is not application/problem+json (Content-Type application/json)", "{}", "curl -si -X TRACE …");
    FuzzResult.Failure crash = new FuzzResult.Failure("GET /api/v1/scripts (reminder)", "UNKNOWN_QUERY, credential VALID", 500,
        "status 500", "{\"title\":\"Internal error\"}", "curl -si '…/api/v1/scripts?a=%ZZ'");
    FuzzResult result = new FuzzResult(10, Duration.ofSeconds(2),
        Map.of("2xx", 2L, "3xx", 0L, "4xx", 6L, "5xx", 1L, "no answer", 1L), Map.of("GET /api/v1/scripts (reminder)", Map.of("2xx", 2L)),
        List.of(trace1, trace2, crash));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    result.print(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String report = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.passed()).isFalse();
    assertThat(report).contains("| 4xx | 6 |", "| 5xx | 1 |", "| no answer | 1 |", "| refused by the judge | 3 |");
    assertThat(report).contains("(×2 on 2 operations)", "(×1 on 1 operations)", "FAILED: 3 answers refused");
    assertThat(new FuzzResult(1, Duration.ofSeconds(1), Map.of(), Map.of(), List.of()).passed()).isTrue();
  }
}
