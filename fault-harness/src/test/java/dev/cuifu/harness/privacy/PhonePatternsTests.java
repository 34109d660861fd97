package dev.cuifu.harness.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhonePatternsTests {

  private final PhonePatterns patterns = new PhonePatterns(Set.of("+8613912345678"));

  @Test
  void aKnownNumberIsFoundInEachUsualForm() {
    assertThat(PhonePatterns.forms("+8613912345678"))
        .contains("+8613912345678", "8613912345678", "13912345678", "+86 13912345678");
    for (String line : List.of("to=+8613912345678 sent", "phone:8613912345678,", "call 13912345678 now", "buyer +86 13912345678")) {
      assertThat(patterns.find(line)).as(line).singleElement().satisfies(m -> assertThat(m.how()).isEqualTo("known number"));
    }
  }

  @Test
  void anE164NumberIsFoundOnceAsItselfNotAgainAsItsNationalPart() {
    List<PhonePatterns.Match> found = patterns.find("{\"buyerPhone\":\"+8613912345678\"}");

    assertThat(found).singleElement().satisfies(m -> {
      assertThat(m.raw()).isEqualTo("+8613912345678");
      assertThat(m.masked()).isEqualTo("+86 139****5678");
    });
  }

  @Test
  void unknownNumbersAreFoundByTheirShape() {
    assertThat(patterns.find("from +14155550100 to x")).singleElement().satisfies(m -> assertThat(m.how()).isEqualTo("E.164-looking"));
    assertThat(patterns.find("phone=13800138000;")).singleElement().satisfies(m -> {
      assertThat(m.how()).isEqualTo("Chinese-mobile-looking");
      assertThat(m.masked()).isEqualTo("138****8000");
    });
  }

  @Test
  void theDocsExampleNumberIsFoundAndToldApart() {
    assertThat(patterns.find("\"buyerPhone\":\"+8613800138000\"")).singleElement().satisfies(m -> assertThat(m.example()).isTrue());
    assertThat(patterns.find("to=+8613912345678")).singleElement().satisfies(m -> assertThat(m.example()).isFalse());
  }

  @Test
  void maskedNumbersTimestampsAndLongerDigitRunsAreNotHits() {
    assertThat(patterns.find("SMS to +86 139****5678 at 1765065600000, offset 4, id 913912345678901")).isEmpty();
    assertThat(patterns.find("kafka_producer_io_time_ns_avg{client_id=\"p-1\"} 57174.15213605238")).isEmpty();
    assertThat(patterns.find("latency 13912345678.25 ms")).isEmpty();
  }
}
