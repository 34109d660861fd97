package dev.cuifu.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.common.phone.PhoneNumbers;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class BuyerModelTests {

  private static final BuyerModel MODEL =
      new BuyerModel(
          7,
          0.05,
          List.of(
              new Variant("gentle-fast", "遇到问题", Duration.ofSeconds(10), 0.20),
              new Variant("gentle-slow", "遇到问题", Duration.ofMinutes(1), 0.12),
              new Variant("deadline", "将于", Duration.ofSeconds(10), 0.15)));

  @Test
  void anArmIsRecognisedByItsWordingAndAmongEqualWordingsByTheDelayItCameAfter() {
    assertThat(MODEL.recognise("【演示小店】订单A1付款遇到问题了吗？", Duration.ofSeconds(12))).map(Variant::armId).contains("gentle-fast");
    assertThat(MODEL.recognise("【演示小店】订单A1付款遇到问题了吗？", Duration.ofSeconds(50))).map(Variant::armId).contains("gentle-slow");
    assertThat(MODEL.recognise("订单A1将于11-14 10:00关闭", Duration.ofSeconds(50))).map(Variant::armId).contains("deadline");
    assertThat(MODEL.recognise("Cuifu's default wording", Duration.ofSeconds(10))).isEmpty();
  }

  @Test
  void theSameSeedGivesTheSameBuyersAndAnotherSeedOthers() {
    assertThat(MODEL.buyer(41)).isEqualTo(new BuyerModel(7, 0.05, MODEL.variants()).buyer(41));
    assertThat(MODEL.buyer(41)).isNotEqualTo(MODEL.buyer(42));
    assertThat(MODEL.buyer(41)).isNotEqualTo(new BuyerModel(8, 0.05, MODEL.variants()).buyer(41));
  }

  @Test
  void overManyBuyersTheShareWhoPayIsTheArmsProbability() {
    long buyers = 20_000;
    long paidAfterFast = LongStream.range(0, buyers).filter(i -> MODEL.buyer(i).pays(0.20)).count();
    long paidUnreminded = LongStream.range(0, buyers).filter(i -> MODEL.buyer(i).pays(MODEL.baseProbability())).count();
    assertThat(paidAfterFast / (double) buyers).isBetween(0.19, 0.21);
    assertThat(paidUnreminded / (double) buyers).isBetween(0.045, 0.055);
    assertThat(MODEL.trueLift("gentle-fast")).isEqualTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void buyersStayBelowThePhoneTaskThresholdAndTheirNumbersAreValidMobiles() {
    assertThat(LongStream.range(0, 1_000).map(i -> MODEL.buyer(i).amountMinor())).allMatch(a -> a > 0 && a < 50_000);
    assertThat(LongStream.of(0, 1, 12_345, 99_999_999).mapToObj(i -> Simulator.phone(1_700_000_042L, i)))
        .allMatch(PhoneNumbers::isValid)
        .doesNotHaveDuplicates();
  }

  @Test
  void aProbabilityOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new Variant("a", "m", Duration.ofSeconds(1), 1.2)).hasMessageContaining("arm a");
    assertThatThrownBy(() -> new BuyerModel(1, -0.1, MODEL.variants())).hasMessageContaining("base probability");
  }
}
