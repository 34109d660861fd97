package dev.cuifu.reminder.optout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.web.FieldProblem;
import dev.cuifu.reminder.web.InvalidRequestException;
import org.junit.jupiter.api.Test;

/** The opt-out API's input checks: every bad field named, numbers never echoed. */
class OptOutRequestsTests {

  @Test
  void aChannelIsOneOfTheEnumsNamesExactly() {
    OptOutRequests check = new OptOutRequests();
    assertThat(check.channel("channel", "SMS", true)).isEqualTo(Channel.SMS);
    assertThat(check.channel("channel", " PHONE ", true)).isEqualTo(Channel.PHONE);
    assertThat(check.channel("channel", null, false)).as("optional and absent: all").isNull();
    assertThat(check.problems()).isEmpty();

    assertThat(check.channel("channel", "sms", true)).isNull();
    assertThat(check.channel("channel", "EMAIL", true)).isNull();
    assertThat(check.channel("channel", "", false)).isNull();
    assertThat(check.channel("channel", null, true)).isNull();
    assertThat(check.problems())
        .extracting(FieldProblem::message)
        .containsExactly(
            OptOutRequests.CHANNEL_MESSAGE, OptOutRequests.CHANNEL_MESSAGE, OptOutRequests.CHANNEL_MESSAGE,
            OptOutRequests.REQUIRED_MESSAGE);
  }

  @Test
  void aPhoneIsNormalisedToE164AndAnInvalidOneIsNamedNotEchoed() {
    OptOutRequests check = new OptOutRequests();
    assertThat(check.phone("phone", "+86 138 0013 8000")).isEqualTo("+8613800138000");
    assertThat(check.problems()).isEmpty();

    assertThat(check.phone("phone", "13800138000")).as("no country code").isNull();
    assertThat(check.phone("phone", " ")).isNull();
    assertThat(check.problems()).extracting(FieldProblem::field).containsExactly("phone", "phone");
    assertThat(check.problems()).extracting(FieldProblem::message).noneMatch(m -> m.contains("13800138000"));
  }

  @Test
  void aNationalPhoneIsReadInTheShopsRegionAndAnyValidNumberIsTaken() {
    OptOutRequests check = new OptOutRequests("CN");
    assertThat(check.phone("phone", "138 0013 8000")).isEqualTo("+8613800138000");
    assertThat(check.phone("phone", "+1 415 555 2671")).as("international form as such").isEqualTo("+14155552671");
    assertThat(check.phone("phone", "010 6552 9988")).as("a fixed line").isEqualTo("+861065529988");
    assertThat(check.problems()).isEmpty();

    assertThat(check.phone("phone", "138 0013")).isNull();
    assertThat(check.problems()).extracting(FieldProblem::message).containsExactly("is not a valid phone number in CN");
  }

  @Test
  void aQueryPhoneWhoseUnencodedPlusBecameASpaceIsRepaired() {
    OptOutRequests check = new OptOutRequests();
    assertThat(check.queryPhone("after", " 8613800138000")).isEqualTo("+8613800138000");
    assertThat(check.queryPhone("after", "+8613800138000")).isEqualTo("+8613800138000");
    assertThat(check.queryPhone("after", null)).isNull();
    assertThat(check.problems()).isEmpty();
    assertThat(check.queryPhone("after", "8613800138000")).as("no plus and no space: not guessed").isNull();
    assertThat(check.problems()).extracting(FieldProblem::field).containsExactly("after");
  }

  @Test
  void aLimitIsAWholeNumberFrom1To1000DefaultingTo100() {
    OptOutRequests check = new OptOutRequests();
    assertThat(check.limit("limit", null)).isEqualTo(100);
    assertThat(check.limit("limit", "1")).isEqualTo(1);
    assertThat(check.limit("limit", "1000")).isEqualTo(1000);
    assertThat(check.problems()).isEmpty();
    for (String bad : new String[] {"0", "1001", "-1", "", "ten", "1.5", "99999999999"}) {
      check.limit("limit", bad);
    }
    assertThat(check.problems()).hasSize(7).extracting(FieldProblem::field).containsOnly("limit");
  }

  @Test
  void aReasonIsOptionalStrippedAndAtMost500Characters() {
    OptOutRequests check = new OptOutRequests();
    assertThat(check.reason("reason", null)).isNull();
    assertThat(check.reason("reason", "  ")).isNull();
    assertThat(check.reason("reason", " too many messages ")).isEqualTo("too many messages");
    assertThat(check.reason("reason", "x".repeat(500))).hasSize(500);
    assertThat(check.problems()).isEmpty();
    check.reason("reason", "x".repeat(501));
    assertThat(check.problems()).extracting(FieldProblem::field).containsExactly("reason");
  }

  @Test
  void oneRequestNamesEveryBadFieldInOne400() {
    OptOutRequests check = new OptOutRequests();
    check.check(); // nothing wrong: no exception
    check.channel("channel", "FAX", true);
    check.phone("phone", "12345");
    assertThatThrownBy(check::check)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.errors()).extracting(FieldProblem::field).containsExactly("channel", "phone");
              assertThat(e.getMessage()).isEqualTo("2 fields are invalid.");
            });
  }
}
