package dev.cuifu.harness.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkersTests {

  private final Markers markers = new Markers().add("order id", "ord-a1b2-1").add("phone (masked)", "+86 139****5678").add("short", "abc");

  @Test
  void anotherShopsValueInAnAnswerIsALeak() {
    assertThat(markers.leakedInto("{\"items\":[{\"orderId\":\"ord-a1b2-1\",\"maskedPhone\":\"+86 139****5678\"}]}", "GET /api/v1/phone-tasks"))
        .containsExactly("order id 'ord-a1b2-1'", "phone (masked) '+86 139****5678'");
  }

  @Test
  void aValueTheRequestCarriedIsAnEchoNotALeak() {
    assertThat(markers.leakedInto("{\"detail\":\"no order ord-a1b2-1 for this shop\"}", "/api/v1/orders/ord-a1b2-1/touches")).isEmpty();
  }

  @Test
  void aNumberLeakedInOneFormIsOneLeakNotOnePerForm() {
    Markers phones = new Markers().add("phone (E.164)", "+8613912345678").add("phone (national)", "13912345678");

    assertThat(phones.leakedInto("{\"phone\":\"+8613912345678\"}", "")).containsExactly("phone (E.164) '+8613912345678'");
    assertThat(phones.leakedInto("call 13912345678", "")).containsExactly("phone (national) '13912345678'");
  }

  @Test
  void shortValuesAreNotMarkersBecauseTheyOccurByChance() {
    assertThat(markers.size()).isEqualTo(2);
    assertThat(markers.leakedInto("abc", "")).isEmpty();
  }
}
