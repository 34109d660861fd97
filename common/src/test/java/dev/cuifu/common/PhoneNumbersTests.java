package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.phone.PhoneNumbers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PhoneNumbers}: E.164 validation and normalisation, and masking that is safe for logs. */
class PhoneNumbersTests {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "+86 138 0013 8000    | +8613800138000", // CN mobile, written the way people write it
        "+8613800138000       | +8613800138000", // already E.164
        "' +8613800138000 '   | +8613800138000", // surrounding blanks
        "+86 10 1234 5678     | +861012345678", // CN Beijing landline
        "+86 138-0013-8000    | +8613800138000",
        "＋86 138 0013 8000    | +8613800138000", // full-width plus, as Chinese input methods type it
        "+1 650 253 0000      | +16502530000", // US
        "+1 (415) 555-2671    | +14155552671", // US, punctuated
        "+44 20 7946 0958     | +442079460958",
        "+683 4002            | +6834002" // Niue: one of the shortest numbers E.164 has
      })
  @DisplayName("rule: valid international numbers pass and normalise to E.164, matching the schema pattern")
  void validNumbersNormaliseToE164(String input, String e164) {
    assertThat(PhoneNumbers.isValid(input)).isTrue();
    assertThat(PhoneNumbers.normalise(input)).isEqualTo(e164).matches(EventSchemaTests.E164);
    assertThat(PhoneNumbers.normalise(e164)).as("normalising is idempotent").isEqualTo(e164);
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "8613800138000", // no +: the country is unknown
        "13800138000", // national form, no +
        "008613800138000", // international call prefix instead of +
        "+86 138 0013", // too short
        "+86 138", // far too short
        "+1 650 253 00000", // too long
        "+86138001380001", // too long
        "+86 138 0013 800O", // letter O instead of zero
        "+86 abc 0013 8000", // letters
        "+8613800138000abc", // trailing letters
        "+86 1380013800x",
        "phone",
        "+",
        "   "
      })
  @NullAndEmptySource
  @DisplayName("rule: numbers without +, too short, too long or with letters fail")
  void invalidNumbersFail(String input) {
    assertThat(PhoneNumbers.isValid(input)).isFalse();
    assertThatThrownBy(() -> PhoneNumbers.normalise(input)).isInstanceOf(IllegalArgumentException.class);
    assertThat(PhoneNumbers.mask(input)).doesNotContainPattern("[0-9]{3,}");
  }

  @Test
  @DisplayName("rule: the error of an invalid number does not repeat the number")
  void normaliseErrorDoesNotLeakTheNumber() {
    assertThatThrownBy(() -> PhoneNumbers.normalise("+86 138 0013 800O"))
        .isInstanceOf(IllegalArgumentException.class)
        .message()
        .doesNotContain("0013")
        .doesNotContain("138 0013 800O");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "+86 138 0013 8000    | +86 138****8000",
        "+8613800138000       | +86 138****8000",
        "+1 650 253 0000      | +1 650***0000",
        "+861012345678        | +86 101***5678",
        "+65 8123 4567        | +65 81**4567",
        "+354 611 1234        | +354 6**1234",
        "+683 4002            | +683 **02"
      })
  @DisplayName("rule: mask keeps country code, head and tail, and never the full national number")
  void maskHidesTheNationalNumber(String input, String masked) {
    String e164 = PhoneNumbers.normalise(input);
    String national = e164.substring(masked.indexOf(' ')); // E.164 minus "+<country code>"

    assertThat(PhoneNumbers.mask(input))
        .isEqualTo(masked)
        .contains("*")
        .doesNotContain(national)
        .doesNotContain(e164)
        .doesNotContain(e164.substring(1));
  }

  @Test
  @DisplayName("rule: mask looks like +86 138****8000 for a CN mobile and says nothing of an invalid number")
  void maskShape() {
    assertThat(PhoneNumbers.mask("+8613800138000")).matches("\\+86 138\\*{4}8000");
    assertThat(PhoneNumbers.mask("+86 138 0013 800O")).isEqualTo("<invalid number>");
    assertThat(PhoneNumbers.mask("13800138000")).isEqualTo("<invalid number>");
  }

  @Test
  @DisplayName("rule: PhoneNumbers is null-safe: null is invalid, masks as \"null\", and normalise rejects it cleanly")
  void nullSafe() {
    assertThat(PhoneNumbers.isValid(null)).isFalse();
    assertThat(PhoneNumbers.mask(null)).isEqualTo("null");
    assertThatThrownBy(() -> PhoneNumbers.normalise(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("rule: each number is judged on its own, whatever was checked just before it (the last parse is remembered)")
  void numbersInARowAreJudgedEachOnItsOwn() {
    assertThat(PhoneNumbers.normalise("+86 138 0013 8000")).isEqualTo("+8613800138000");
    assertThat(PhoneNumbers.isValid("+8613800138000")).isTrue();
    assertThat(PhoneNumbers.isValid("+86 138 0013 800O")).isFalse();
    assertThat(PhoneNumbers.isValid("+86 138 0013 800O")).as("asked twice").isFalse();
    assertThat(PhoneNumbers.normalise("+1 650 253 0000")).isEqualTo("+16502530000");
    assertThat(PhoneNumbers.mask("+8613800138000")).matches("\\+86 138\\*{4}8000");
    assertThat(PhoneNumbers.normalise("+44 20 7946 0958")).isEqualTo("+442079460958");
    assertThatThrownBy(() -> PhoneNumbers.normalise("13800138000")).isInstanceOf(IllegalArgumentException.class);
  }
}
