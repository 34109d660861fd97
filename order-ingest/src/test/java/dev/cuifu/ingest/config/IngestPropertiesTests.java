package dev.cuifu.ingest.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cuifu.common.kafka.Topics;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

class IngestPropertiesTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(IngestProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
          .withUserConfiguration(Config.class);

  @Test
  void defaultsApplyWhenOnlyTheTokenIsSet() {
    runner
        .withPropertyValues("cuifu.ingest.operator-token=0123456789abcdef")
        .run(
            context -> {
              IngestProperties properties = context.getBean(IngestProperties.class);
              assertThat(properties.topics().orders()).isEqualTo(Topics.ORDERS);
              assertThat(properties.topics().ordersPartitions()).isEqualTo(12);
              assertThat(properties.topics().shops()).isEqualTo(Topics.SHOPS);
              assertThat(properties.maxBatchSize()).isEqualTo(1000);
              assertThat(properties.sendTimeout()).isEqualTo(Duration.ofSeconds(10));
              assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(5));
            });
  }

  @Test
  void theServiceDoesNotStartWithoutAStrongEnoughOperatorToken() {
    runner.run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("cuifu.ingest.operator-token=short")
        .run(context -> assertThat(context).hasFailed());
  }
}
