package dev.cuifu.reminder.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.reminder.web.FieldProblem;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The policy's own rules: quiet hours, phone qualification, validation and its JSON form. */
class ShopPolicyTests {

  static final PolicyDefaults DEFAULTS =
      new Binder(new MapConfigurationPropertySource())
          .bindOrCreate("cuifu.reminder.policy", Bindable.of(PolicyDefaults.class));
  static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  static final ShopPolicy POLICY = DEFAULTS.policy("+14155550100", SHANGHAI, Duration.ofMinutes(30));

  @Test
  void quietHoursCrossingMidnightCoverTheNightAndEndInTheMorning() {
    ShopPolicy.QuietHours night = new ShopPolicy.QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0));
    assertThat(night.covers(LocalTime.of(21, 0))).isTrue();
    assertThat(night.covers(LocalTime.of(23, 59))).isTrue();
    assertThat(night.covers(LocalTime.of(3, 0))).isTrue();
    assertThat(night.covers(LocalTime.of(8, 0))).isFalse();
    assertThat(night.covers(LocalTime.of(12, 0))).isFalse();
    // 22:00 in Shanghai (14:00Z) → 08:00 next morning (00:00Z); 03:00 (19:00Z) → 08:00 that day
    assertThat(night.nextAllowed(Instant.parse("2026-11-11T14:00:00Z"), SHANGHAI))
        .isEqualTo(Instant.parse("2026-11-12T00:00:00Z"));
    assertThat(night.nextAllowed(Instant.parse("2026-11-11T19:00:00Z"), SHANGHAI))
        .isEqualTo(Instant.parse("2026-11-12T00:00:00Z"));
    assertThat(night.nextAllowed(Instant.parse("2026-11-11T02:00:00Z"), SHANGHAI))
        .as("10:00 local is not quiet")
        .isEqualTo(Instant.parse("2026-11-11T02:00:00Z"));
  }

  @Test
  void quietHoursWithinADayAndNoQuietHours() {
    ShopPolicy.QuietHours lunch = new ShopPolicy.QuietHours(LocalTime.of(12, 0), LocalTime.of(13, 30));
    assertThat(lunch.covers(LocalTime.of(12, 30))).isTrue();
    assertThat(lunch.covers(LocalTime.of(13, 30))).isFalse();
    assertThat(lunch.covers(LocalTime.of(11, 59))).isFalse();
    ShopPolicy.QuietHours none = new ShopPolicy.QuietHours(LocalTime.of(9, 0), LocalTime.of(9, 0));
    assertThat(none.none()).isTrue();
    assertThat(none.covers(LocalTime.of(9, 0))).isFalse();
  }

  @Test
  void quietHoursUseTheBuyersZoneAndFallBackToTheShops() {
    assertThat(POLICY.zoneFor(ZoneId.of("Europe/Berlin"))).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(POLICY.zoneFor(null)).isEqualTo(SHANGHAI);
  }

  @Test
  void aPhoneTaskForHighValueReturningBuyersOrABuyerNote() {
    ShopPolicy.Phone phone = POLICY.phone();
    assertThat(phone.calls(50_000, 0, false)).as("amount at the threshold").isTrue();
    assertThat(phone.calls(49_999, 0, false)).isFalse();
    assertThat(phone.calls(100, 1, false)).as("returning buyer").isTrue();
    assertThat(phone.calls(100, 0, true)).as("buyer note").isTrue();
    assertThat(new ShopPolicy.Phone(true, Duration.ofHours(1), 50_000, 1, false).calls(100, 0, true)).isFalse();
    assertThat(new ShopPolicy.Phone(false, Duration.ofHours(1), 50_000, 1, true).calls(99_999, 5, true))
        .as("tier off")
        .isFalse();
  }

  @Test
  void ordersBelowTheMinimumAmountAreNotReminded() {
    ShopPolicy policy =
        new ShopPolicy(POLICY.sms(), POLICY.chat(), POLICY.phone(), 1_000, POLICY.defaultPaymentDeadline(),
            POLICY.timeZone(), POLICY.quietHours(), POLICY.frequencyCap(), null);
    assertThat(policy.remindsOrderOf(999)).isFalse();
    assertThat(policy.remindsOrderOf(1_000)).isTrue();
  }

  @Test
  void theValidatorNamesEveryBrokenRule() {
    ShopPolicy bad =
        new ShopPolicy(
            new ShopPolicy.Sms(true, Duration.ofMinutes(5), "12345"),
            new ShopPolicy.Chat(true, Duration.ZERO, URI.create("mailto:shop@example.com")),
            new ShopPolicy.Phone(true, Duration.ofDays(4), -1, 0, true),
            -5,
            Duration.ofMinutes(30),
            null,
            new ShopPolicy.QuietHours(null, LocalTime.of(8, 0)),
            new ShopPolicy.FrequencyCap(101, Duration.ofDays(31)),
            URI.create("/relative"));
    assertThat(new PolicyValidator(DEFAULTS, new dev.cuifu.reminder.outbound.OutboundGuard(dev.cuifu.reminder.outbound.OutboundProperties.defaults())).problems(bad))
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "sms.delay", "sms.from", "chat.delay", "chat.webhookUrl", "phone.delay", "phone.minAmountMinor",
            "phone.returningBuyerMinPaidOrders", "minOrderAmountMinor", "defaultPaymentDeadline", "timeZone",
            "quietHours.start", "frequencyCap.maxMessages", "frequencyCap.window", "stockCheckUrl");
  }

  @Test
  void theJsonFormRoundTripsWithHoursAndMinutes() {
    String json = PolicyJson.write(POLICY);
    assertThat(json).contains("\"start\":\"21:00\"").contains("\"delay\":\"PT30M\"").contains("\"timeZone\":\"Asia/Shanghai\"");
    assertThat(PolicyJson.readStored(json, POLICY)).isEqualTo(POLICY);
    List<FieldProblem> problems = new ArrayList<>();
    assertThat(PolicyJson.read(PolicyJson.readTree(json.getBytes()), problems)).isEqualTo(POLICY);
    assertThat(problems).isEmpty();
  }

  @Test
  void aStoredPolicyMissingALaterFieldTakesItsDefault() {
    String old = PolicyJson.write(POLICY).replace("\"minOrderAmountMinor\":0,", "").replace(",\"onBuyerNote\":true", "");
    ShopPolicy base =
        new ShopPolicy(POLICY.sms(), POLICY.chat(), new ShopPolicy.Phone(true, Duration.ofHours(1), 50_000, 1, false),
            700, POLICY.defaultPaymentDeadline(), POLICY.timeZone(), POLICY.quietHours(), POLICY.frequencyCap(), null);
    ShopPolicy read = PolicyJson.readStored(old, base);
    assertThat(read.minOrderAmountMinor()).isEqualTo(700);
    assertThat(read.phone().onBuyerNote()).isFalse();
    assertThat(read.sms()).isEqualTo(POLICY.sms());
  }

  @Test
  void aRequestBodyNamesWrongTypesAndUnknownFields() {
    String body =
        PolicyJson.write(POLICY)
            .replace("\"maxMessages\":1", "\"maxMessages\":\"one\"")
            .replace("\"enabled\":true,\"delay\":\"PT30M\"", "\"enabled\":\"yes\",\"delay\":30")
            .replace("\"start\":\"21:00\"", "\"start\":\"21:00:30\",\"middle\":\"x\"");
    List<FieldProblem> problems = new ArrayList<>();
    PolicyJson.read(PolicyJson.readTree(body.getBytes()), problems);
    assertThat(problems)
        .extracting(FieldProblem::field)
        .containsExactlyInAnyOrder(
            "frequencyCap.maxMessages", "sms.enabled", "sms.delay", "quietHours.start", "quietHours.middle");
  }
}
