package dev.cuifu.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneDigitsTests {

  @Test
  void phoneNumbersInsideAnSmsBodyOrAChatMessageAreMaskedAsPhoneNumbersMaskDoes() {
    assertThat(PhoneDigits.mask("您的订单 A1001（羊绒大衣 联系13912345678）还未付款"))
        .isEqualTo("您的订单 A1001（羊绒大衣 联系139****5678）还未付款");
    assertThat(PhoneDigits.mask("{\"handle\":\"wangwang:13912345678\",\"to\":\"whatsapp:+8613800138000\"}"))
        .isEqualTo("{\"handle\":\"wangwang:139****5678\",\"to\":\"whatsapp:+86 138****8000\"}");
    assertThat(PhoneDigits.mask("call 139-1234-5678 or 139 1234 5678")).isEqualTo("call 139****5678 or 139****5678");
  }

  @Test
  void shortNumbersStayAndNoMaskShowsAllItsDigits() {
    assertThat(PhoneDigits.mask("order A1001, 88800 fen, 2 items")).isEqualTo("order A1001, 88800 fen, 2 items");
    assertThat(PhoneDigits.mask("tel 5551234")).isEqualTo("tel ****234");
    assertThat(PhoneDigits.mask(null)).isNull();
  }
}
