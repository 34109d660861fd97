package dev.cuifu.reminder.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code cuifu.reminder.policy.*}: one validated record holds every default and every bound. */
class PolicyDefaultsTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(PolicyDefaults.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void theDefaultsAreTheTiersOfTheDesign() {
    runner.run(
        context -> {
          PolicyDefaults defaults = context.getBean(PolicyDefaults.class);
          assertThat(defaults.minSmsDelay()).isEqualTo(Duration.ofMinutes(10));
          assertThat(defaults.maxSmsDelay()).isEqualTo(Duration.ofHours(3));
          ShopPolicy policy = defaults.policy("+14155550100", ZoneId.of("Asia/Shanghai"), null);
          assertThat(policy.sms()).isEqualTo(new ShopPolicy.Sms(true, Duration.ofMinutes(30), "+14155550100"));
          assertThat(policy.chat()).isEqualTo(new ShopPolicy.Chat(true, Duration.ofDays(1), null));
          assertThat(policy.phone()).isEqualTo(new ShopPolicy.Phone(true, Duration.ofHours(1), 50_000, 1, true));
          assertThat(policy.minOrderAmountMinor()).isZero();
          assertThat(policy.defaultPaymentDeadline()).isEqualTo(Duration.ofHours(72));
          assertThat(policy.quietHours()).isEqualTo(new ShopPolicy.QuietHours(LocalTime.of(21, 0), LocalTime.of(8, 0)));
          assertThat(policy.frequencyCap()).isEqualTo(new ShopPolicy.FrequencyCap(1, Duration.ofHours(24)));
          assertThat(policy.stockCheckUrl()).isNull();
          assertThat(new PolicyValidator(defaults, new dev.cuifu.reminder.outbound.OutboundGuard(dev.cuifu.reminder.outbound.OutboundProperties.defaults())).problems(policy)).isEmpty();
          assertThat(defaults.policy().timeZone()).isEqualTo(ZoneId.of("Asia/Shanghai"));
        });
  }

  @Test
  void theSmsDelayBoundComesFromConfigurationSoTheLauncherCanLowerIt() {
    runner
        .withPropertyValues("cuifu.reminder.policy.min-sms-delay=5s", "cuifu.reminder.policy.quiet-hours-start=22:30")
        .run(
            context -> {
              PolicyDefaults defaults = context.getBean(PolicyDefaults.class);
              assertThat(defaults.minSmsDelay()).isEqualTo(Duration.ofSeconds(5));
              assertThat(defaults.quietHoursStart()).isEqualTo(LocalTime.of(22, 30));
              ShopPolicy demo = defaults.policy("+14155550100", null, Duration.ofSeconds(20));
              assertThat(demo.sms().delay()).as("the demo shop's own delay").isEqualTo(Duration.ofSeconds(20));
              assertThat(new PolicyValidator(defaults, new dev.cuifu.reminder.outbound.OutboundGuard(dev.cuifu.reminder.outbound.OutboundProperties.defaults())).problems(demo)).isEmpty();
            });
  }

  @Test
  void aShopReplicaDelayOutsideTheBoundsIsClampedIntoThem() {
    runner.run(
        context -> {
          PolicyDefaults defaults = context.getBean(PolicyDefaults.class);
          assertThat(defaults.policy("+14155550100", null, Duration.ofSeconds(1)).sms().delay())
              .isEqualTo(Duration.ofMinutes(10));
          assertThat(defaults.policy("+14155550100", null, Duration.ofDays(3)).sms().delay())
              .isEqualTo(Duration.ofHours(3));
        });
  }

  @Test
  void inconsistentDefaultsFailStartup() {
    runner
        .withPropertyValues("cuifu.reminder.policy.sms-delay=5m")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("min-sms-delay <= sms-delay"));
    runner
        .withPropertyValues("cuifu.reminder.policy.default-payment-deadline=P20D")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("max-payment-deadline"));
    runner
        .withPropertyValues("cuifu.reminder.policy.frequency-cap-max-messages=0")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("frequencyCapMaxMessages"));
    runner
        .withPropertyValues("cuifu.reminder.policy.quiet-hours-start=08:00", "cuifu.reminder.policy.quiet-hours-end=08:00")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("both 00:00 for no quiet hours"));
    runner
        .withPropertyValues("cuifu.reminder.policy.quiet-hours-start=00:00", "cuifu.reminder.policy.quiet-hours-end=00:00")
        .run(context -> assertThat(context).as("the launcher's and fault harness's no quiet hours").hasNotFailed());
  }
}
