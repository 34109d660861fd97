package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.sms.SmsSegments;
import dev.cuifu.common.sms.SmsSegments.Encoding;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SmsSegments}: what a shop pays for one SMS, GSM-7 against UCS-2. */
class SmsSegmentsTests {

  private static final String HAN = "付"; // one CJK character: UCS-2, one code unit
  private static final String EMOJI = "😀"; // U+1F600: a surrogate pair, two code units

  @ParameterizedTest(name = "{0} × ''{1}'' → {2} {3} units, {4} segment(s)")
  @CsvSource({
    // GSM-7: 160 in one message, 153 per part once split
    "1,   a, GSM_7, 1,   1",
    "160, a, GSM_7, 160, 1",
    "161, a, GSM_7, 161, 2",
    "306, a, GSM_7, 306, 2",
    "307, a, GSM_7, 307, 3",
    "459, a, GSM_7, 459, 3",
    "460, a, GSM_7, 460, 4",
    // the extension table counts double
    "80,  €, GSM_7, 160, 1",
    "81,  €, GSM_7, 162, 2",
    // UCS-2: 70 in one message, 67 per part
    "70,  付, UCS_2, 70,  1",
    "71,  付, UCS_2, 71,  2",
    "134, 付, UCS_2, 134, 2",
    "135, 付, UCS_2, 135, 3",
    // a surrogate pair takes two code units
    "35,  😀, UCS_2, 70,  1",
    "36,  😀, UCS_2, 72,  2",
  })
  @DisplayName("rule: GSM-7 is 160 / 153 septets a segment, UCS-2 70 / 67 code units")
  void knownLengths(int repeat, String character, Encoding encoding, int units, int segments) {
    assertThat(SmsSegments.of(character.repeat(repeat))).isEqualTo(new SmsSegments(encoding, units, segments));
  }

  @Test
  @DisplayName("rule: one Chinese character switches the whole message to UCS-2")
  void oneNonGsmCharacterSwitchesEverything() {
    String english = "Your order A1001 is still unpaid. Reply if payment went wrong and we will help.";
    assertThat(SmsSegments.of(english).encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(SmsSegments.of(english).segments()).isEqualTo(1);

    SmsSegments mixed = SmsSegments.of(english + HAN);
    assertThat(mixed.encoding()).isEqualTo(Encoding.UCS_2);
    assertThat(mixed.units()).isEqualTo(english.length() + 1);
    assertThat(mixed.segments()).as("%d code units over 70", mixed.units()).isEqualTo(2);
  }

  @Test
  @DisplayName("rule: a typical Chinese reminder of 81 characters takes two segments, not one")
  void realChineseReminder() {
    String text = "【茶舍】您好，您的订单A1001（羊绒大衣，888.00 CNY）还未付款，请在11-14 10:00前完成付款。付款遇到问题可直接回复，我们帮您处理。回TD退订";
    SmsSegments count = SmsSegments.of(text);
    assertThat(count.encoding()).isEqualTo(Encoding.UCS_2);
    assertThat(count.units()).isEqualTo(81);
    assertThat(count.segments()).isEqualTo(2);
  }

  @Test
  @DisplayName("rule: characters that look Latin but are not in the GSM alphabet force UCS-2")
  void lookAlikes() {
    assertThat(SmsSegments.of("Pay by 10:00 — thanks").encoding()).as("em dash").isEqualTo(Encoding.UCS_2);
    assertThat(SmsSegments.of("It’s unpaid").encoding()).as("curly apostrophe").isEqualTo(Encoding.UCS_2);
    assertThat(SmsSegments.of("ç").encoding()).as("small c cedilla is not GSM").isEqualTo(Encoding.UCS_2);
    assertThat(SmsSegments.of("Ç@£$¥èéùìòØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ¤¡ÄÖÑÜ§¿äöñüà\n\r").encoding())
        .as("the whole basic table outside ASCII")
        .isEqualTo(Encoding.GSM_7);
    assertThat(SmsSegments.of("`").encoding()).as("backtick is not in GSM 03.38").isEqualTo(Encoding.UCS_2);
  }

  @Test
  @DisplayName("rule: each extension character (\\f ^ { } \\\\ [ ~ ] | €) counts two septets")
  void extensionTable() {
    assertThat(SmsSegments.of("\f^{}\\[~]|€")).isEqualTo(new SmsSegments(Encoding.GSM_7, 20, 1));
    assertThat(SmsSegments.of("a".repeat(159) + "€").units()).isEqualTo(161);
    assertThat(SmsSegments.of("a".repeat(159) + "€").segments()).isEqualTo(2);
  }

  @Test
  @DisplayName("rule: an escape pair is never cut across two segments")
  void escapeNotSplit() {
    // 152 + € (2) + 152 = 306 septets, which would fit 2 × 153 if the € could straddle the boundary
    String text = "a".repeat(152) + "€" + "a".repeat(152);
    assertThat(SmsSegments.of(text)).isEqualTo(new SmsSegments(Encoding.GSM_7, 306, 3));
  }

  @Test
  @DisplayName("rule: a surrogate pair is never cut across two segments")
  void surrogateNotSplit() {
    // 66 + 😀 (2) + 66 = 134 code units, which would fit 2 × 67 if the emoji could straddle
    String text = HAN.repeat(66) + EMOJI + HAN.repeat(66);
    assertThat(SmsSegments.of(text)).isEqualTo(new SmsSegments(Encoding.UCS_2, 134, 3));
    assertThat(SmsSegments.of(HAN.repeat(65) + EMOJI + HAN.repeat(67)).segments()).isEqualTo(2);
  }

  @Test
  @DisplayName("rule: an empty body is zero segments")
  void empty() {
    assertThat(SmsSegments.of("")).isEqualTo(new SmsSegments(Encoding.GSM_7, 0, 0));
    assertThat(SmsSegments.of(null).segments()).isZero();
    assertThat(SmsSegments.isGsm7("")).isTrue();
  }
}
