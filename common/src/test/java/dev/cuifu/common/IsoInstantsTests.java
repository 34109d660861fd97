package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.event.OrderCreated;
import dev.cuifu.common.kafka.EventJson;
import dev.cuifu.common.kafka.IsoInstants;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;

/**
 * {@link IsoInstants} answers what {@code ISO_INSTANT} answers: the same text written (the ledger's
 * digests compare the bytes of events written before and after) and the same instant read.
 */
class IsoInstantsTests {

  private static List<Instant> instants() {
    Random random = new Random(19);
    List<Instant> instants = new ArrayList<>(
        List.of(
            Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999999999Z"),
            Instant.parse("2024-02-29T12:00:00Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("-0001-12-31T23:59:59Z"), Instant.MIN, Instant.MAX));
    int[] nanos = {0, 1, 10, 100_000, 1_000, 1_000_000, 120_000_000, 123_456_000, 123_456_789, 999_999_999};
    for (int i = 0; i < 20_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L - 86_400L * 400, 253_402_300_800L + 86_400L * 400);
      instants.add(Instant.ofEpochSecond(seconds, i % 2 == 0 ? nanos[i % nanos.length] : random.nextInt(1_000_000_000)));
    }
    return instants;
  }

  @Test
  @DisplayName("rule: an instant is written exactly as ISO_INSTANT writes it, and read back equal")
  void formatsAsIsoInstantAndParsesBack() {
    for (Instant instant : instants()) {
      String text = IsoInstants.format(instant);
      assertThat(text).as("%s", instant).isEqualTo(DateTimeFormatter.ISO_INSTANT.format(instant));
      Instant plain = IsoInstants.parsePlain(text);
      if (plain != null) {
        assertThat(plain).as(text).isEqualTo(instant);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2026-12-07T18:00:00Z", "2026-12-07T18:00:00.1Z", "2026-12-07T18:00:00.12345Z", "2026-12-07T18:00:00.123456789Z",
    "2024-02-29T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"})
  @DisplayName("rule: a plain UTC instant is read as ISO_INSTANT reads it")
  void readsPlainFormLikeIsoInstant(String text) {
    assertThat(IsoInstants.parsePlain(text)).isEqualTo(DateTimeFormatter.ISO_INSTANT.parse(text, Instant::from));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "2026-12-07t18:00:00Z", "2026-12-07T18:00:00z", "2026-12-07T18:00:00+08:00", "2026-12-07T18:00:00.Z",
    "2026-12-07T23:59:60Z", "2026-12-07T24:00:00Z", "+12026-12-07T18:00:00Z", "2026-12-07T18:00Z",
    "2026-12-07T18:00:00.1234567890Z", " 2026-12-07T18:00:00Z", "2026-12-07T18:00:00Z ", "2023-02-29T00:00:00Z",
    "2026-13-01T00:00:00Z", "2026-04-31T00:00:00Z", "2026-12-07T18:60:00Z", "2026-12-07T18:00:0aZ",
    "2026-12-07T18:00:00.1a3Z", "１９７０-01-01T00:00:00Z", "1700000000"})
  @DisplayName("rule: anything but the plain UTC form is left to ISO_INSTANT, which reads it or says why not")
  void leavesOtherFormsToTheFormatter(String text) {
    assertThat(IsoInstants.parsePlain(text)).isNull();
  }

  @Test
  @DisplayName("rule: an event's instants are read by both mappings as before, offsets and leap seconds too")
  void eventJsonReadsInstantsAsBefore() {
    for (String at : List.of("2026-12-07T18:00:00Z", "2026-12-07T18:00:00.250Z", "2026-12-08T02:00:00+08:00", "2016-12-31T23:59:60Z")) {
      String json = """
          {"type":"OrderCreated","eventId":"e-1","orderId":"o-1","occurredAt":"%s","buyerId":"b-1",
           "buyerPhone":"+8613800138000","amount":{"minor":100,"currency":"CNY"},"itemSummary":"tea"}"""
          .formatted(at);
      Instant expected = DateTimeFormatter.ISO_INSTANT.parse(at, Instant::from);
      assertThat(EventJson.mapper().readValue(json, OrderCreated.class).occurredAt()).as(at).isEqualTo(expected);
      assertThat(EventJson.strictMapper().readValue(json, OrderCreated.class).occurredAt()).as(at).isEqualTo(expected);
    }
    String noSuchDay = """
        {"type":"OrderCreated","eventId":"e-1","orderId":"o-1","occurredAt":"2026-02-30T00:00:00Z"}""";
    assertThatThrownBy(() -> EventJson.strictMapper().readValue(noSuchDay, OrderCreated.class))
        .isInstanceOf(JacksonException.class);
  }
}
