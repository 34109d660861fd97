package dev.cuifu.reminder.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code cuifu.reminder.backtest.*}: one thread and one waiting backtest unless told otherwise; nonsense stops start-up. */
class BacktestPropertiesTests {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(BacktestProperties.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Config.class);

  @Test
  void aBacktestTakesOneCoreByDefault() {
    runner.run(context -> assertThat(context.getBean(BacktestProperties.class)).isEqualTo(new BacktestProperties(1, 1)));
  }

  @Test
  void noThreadOrANegativeQueueFailsStartup() {
    runner
        .withPropertyValues("cuifu.reminder.backtest.threads=0")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("threads"));
    runner
        .withPropertyValues("cuifu.reminder.backtest.queue=-1")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("queue"));
  }
}
