package dev.cuifu.reminder.phone;

import static dev.cuifu.reminder.phone.PhoneTaskQueue.priority;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The priority score of the phone queue: monotone in amount, history and note. */
class PhoneTaskQueueTests {

  @Test
  void aBiggerAmountRaisesThePriority() {
    assertThat(priority(88_800, 0, false)).as("888 yuan over 500 yuan").isGreaterThan(priority(50_000, 0, false));
    assertThat(priority(500_000, 0, false)).as("5000 yuan over 888 yuan").isGreaterThan(priority(88_800, 0, false));
    assertThat(priority(10_000, 0, false)).as("100 yuan over 10 yuan").isGreaterThan(priority(1_000, 0, false));
  }

  @Test
  void moreEarlierPaidOrdersRaiseThePriority() {
    assertThat(priority(50_000, 1, false)).as("a returning buyer over a new one").isGreaterThan(priority(50_000, 0, false));
    assertThat(priority(50_000, 3, false)).isGreaterThan(priority(50_000, 1, false));
  }

  @Test
  void aBuyerNoteRaisesThePriority() {
    assertThat(priority(50_000, 0, true)).isGreaterThan(priority(50_000, 0, false));
    assertThat(priority(0, 0, true)).isGreaterThan(priority(0, 0, false));
  }

  @Test
  void theScoreNeverFallsAsAnyInputGrows() {
    long[] amounts = {Long.MIN_VALUE, -1, 0, 1, 99, 100, 199, 200, 5_000, 50_000, 88_800, 1_000_000_000L, Long.MAX_VALUE};
    int[] histories = {Integer.MIN_VALUE, -1, 0, 1, 2, 5, 6, 1000, Integer.MAX_VALUE};
    for (boolean note : new boolean[] {false, true}) {
      for (int h : histories) {
        for (int i = 1; i < amounts.length; i++) {
          assertThat(priority(amounts[i], h, note)).isGreaterThanOrEqualTo(priority(amounts[i - 1], h, note));
        }
      }
      for (long a : amounts) {
        for (int i = 1; i < histories.length; i++) {
          assertThat(priority(a, histories[i], note)).isGreaterThanOrEqualTo(priority(a, histories[i - 1], note));
        }
      }
    }
  }

  @Test
  void theScoreIsBoundedAndNeverNegative() {
    assertThat(priority(Long.MIN_VALUE, Integer.MIN_VALUE, false)).isZero();
    assertThat(priority(Long.MAX_VALUE, Integer.MAX_VALUE, true)).isEqualTo(195);
  }

  @Test
  void aReturningBuyerOutweighsATripledAmount() {
    assertThat(priority(50_000, 1, false)).isGreaterThan(priority(150_000, 0, false));
  }

  @Test
  void aLimitOutsideOneTo500IsRejected() {
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> PhoneTaskQueue.requireLimit(0));
    org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> PhoneTaskQueue.requireLimit(501));
    PhoneTaskQueue.requireLimit(1);
    PhoneTaskQueue.requireLimit(500);
  }
}
