package dev.cuifu.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.phone.PhoneNumbers;
import dev.cuifu.common.phone.SmsNumber;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link PhoneNumbers#forSms}: numbers as shops send them, read in the shop's region, mobiles only. */
class PhoneNumbersForSmsTests {

  @ParameterizedTest(name = "{0} in {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "13800138000          | CN | +8613800138000", // national form, as Chinese shops send it
        "138 0013 8000        | CN | +8613800138000",
        "138-0013-8000        | CN | +8613800138000",
        "' 13800138000 '      | CN | +8613800138000",
        "１３８００１３８０００   | CN | +8613800138000", // full-width digits
        "008613800138000      | CN | +8613800138000", // China's international call prefix
        "+86 138 0013 8000    | CN | +8613800138000", // international form wins over the region
        "+8613800138000       | -  | +8613800138000", // no region: E.164 as before
        "＋86 138 0013 8000    | -  | +8613800138000", // full-width plus
        "+1 650 253 0000      | CN | +16502530000", // US: fixed line or mobile, cannot tell
        "(415) 555-2671       | US | +14155552671",
        "+14155550100         | -  | +14155550100",
        "07400 123456         | GB | +447400123456", // UK mobile with its trunk 0
        "0151 23456789        | DE | +4915123456789"
      })
  @DisplayName("rule: a mobile number is normalised to E.164, a national one read in the shop's region")
  void mobilesAreNormalised(String sent, String region, String e164) {
    assertThat(PhoneNumbers.forSms(sent, region)).isEqualTo(new SmsNumber.Mobile(e164));
    assertThat(e164).matches(EventSchemaTests.E164);
    assertThat(PhoneNumbers.normalise(e164)).as("the contract's normalise agrees").isEqualTo(e164);
  }

  @ParameterizedTest(name = "{0} in {1}: {2}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "010 12345678         | CN | +86 101***5678 is a fixed-line number, not a mobile number",
        "+86 10 1234 5678     | -  | +86 101***5678 is a fixed-line number, not a mobile number",
        "+44 20 7946 0958     | -  | +44 207***0958 is a fixed-line number, not a mobile number",
        "400 123 4567         | CN | is a shared-cost number",
        "800 820 8820         | CN | is a toll-free number",
        "+1 500 555 0006      | -  | is a personal (follow-me) number",
        "1380013800           | CN | is not a valid phone number in CN",
        "1380013800000        | CN | is too long for a phone number in CN",
        "138                  | CN | is too short for a phone number in CN",
        "13800138000          | US | is not a valid phone number in US",
        "no number            | CN | is not a phone number in CN",
        "+999 1234 5678       | CN | has a country code that does not exist",
        "+86 138 0013         | -  | is not a valid phone number"
      })
  @DisplayName("rule: a number that cannot be a mobile is refused with the reason, the number masked")
  void nonMobilesAreRefusedWithTheReason(String sent, String region, String reason) {
    SmsNumber number = PhoneNumbers.forSms(sent, region);
    assertThat(number).isInstanceOf(SmsNumber.Refused.class);
    String message = ((SmsNumber.Refused) number).reason();
    assertThat(message).contains(reason).doesNotContain(sent.strip());
    String digits = sent.replaceAll("[^0-9]", "");
    if (digits.length() >= 6) {
      assertThat(message).as("the number is never shown as sent").doesNotContain(digits);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"13800138000", "138 0013 8000", "008613800138000", "010 12345678"})
  @DisplayName("rule: without a shop region only + numbers are accepted, and the refusal says to set phoneRegion")
  void nationalNumbersNeedARegion(String sent) {
    assertThat(PhoneNumbers.forSms(sent, null))
        .isInstanceOfSatisfying(
            SmsNumber.Refused.class,
            r -> assertThat(r.reason()).contains("phoneRegion").contains("E.164").doesNotContain(sent.replace(" ", "")));
  }

  @Test
  @DisplayName("rule: a blank number is refused, not parsed")
  void blankIsRefused() {
    assertThat(PhoneNumbers.forSms(" ", "CN")).isInstanceOf(SmsNumber.Refused.class);
    assertThat(PhoneNumbers.forSms(null, "CN")).isInstanceOf(SmsNumber.Refused.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {"CN | CN", "cn | CN", "US | US", "GB | GB", "XX | -", "ZZ | -", "CHN | -", "001 | -", "'' | -", "- | -"})
  @DisplayName("rule: a shop's region is an ISO 3166 alpha-2 code libphonenumber has numbers for")
  void supportedRegions(String region, String expected) {
    assertThat(PhoneNumbers.supportedRegion(region).orElse(null)).isEqualTo(expected);
  }

  @Test
  @DisplayName("rule: the numbers the demo, the simulator and the test suites send are mobiles")
  void numbersUsedAcrossTheProjectAreMobiles() {
    for (String number :
        new String[] {
          "+8613800138000", "+86 138 0013 8000", "+86 138-0013-8000", "+8613912345678", "+8613900139000",
          "+8613800000001", "+8613700000000", "+8613800138009", "+8613900000001", "+86 139 0000 0000",
          "+14155550100", "+14155550177", "+14155550199", "+14155552671", "+16502530000", "+14155238886",
          "+8613910000000", "+8613999999999", "+8613810000000", "+8613899999999"
        }) {
      assertThat(PhoneNumbers.forSms(number, null)).as(number).isInstanceOf(SmsNumber.Mobile.class);
    }
  }
}
