package dev.cuifu.reminder.channel.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code cuifu.chat.webhook.*} → a validated {@link ChatWebhookProperties} → {@link WebhookChatGateway}. */
class ChatWebhookConfigurationTests {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withUserConfiguration(ChatWebhookConfiguration.class, dev.cuifu.reminder.outbound.OutboundConfiguration.class)
          .withBean(Clock.class, Clock::systemUTC)
          .withBean(WebhookChatGateway.class);

  @Test
  void timeoutsDefaultToTwoAndTenSeconds() {
    runner.run(
        context -> {
          ChatWebhookProperties properties = context.getBean(ChatWebhookProperties.class);
          assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
          assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(context).hasSingleBean(ChatGateway.class);
        });
  }

  @Test
  void timeoutsCanBeSet() {
    runner
        .withPropertyValues("cuifu.chat.webhook.connect-timeout=500ms", "cuifu.chat.webhook.read-timeout=3s")
        .run(
            context -> {
              ChatWebhookProperties properties = context.getBean(ChatWebhookProperties.class);
              assertThat(properties.connectTimeout()).isEqualTo(Duration.ofMillis(500));
              assertThat(properties.readTimeout()).isEqualTo(Duration.ofSeconds(3));
            });
  }

  @Test
  void aZeroOrNegativeTimeoutFailsStartup() {
    runner
        .withPropertyValues("cuifu.chat.webhook.read-timeout=0s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).hasStackTraceContaining("must be positive");
            });
    runner
        .withPropertyValues("cuifu.chat.webhook.connect-timeout=-1s")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure()).hasStackTraceContaining("must be positive");
            });
  }
}
