package dev.cuifu.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Reading reminder-service's status-callback meters out of two Prometheus scrapes. */
class ServiceMetricsTests {

  private static String scrape(long batches, long callbacks, double committedSeconds, long refusedFull, long refusedTimeout) {
    return """
        # TYPE cuifu_sms_status_callbacks_batch_seconds summary
        cuifu_sms_status_callbacks_batch_seconds_count{application="reminder-service",outcome="failed"} 7
        cuifu_sms_status_callbacks_batch_seconds_sum{application="reminder-service",outcome="failed"} 9.5
        cuifu_sms_status_callbacks_batch_seconds_count{application="reminder-service",outcome="committed"} %d
        cuifu_sms_status_callbacks_batch_seconds_sum{application="reminder-service",outcome="committed"} %s
        cuifu_sms_status_callbacks_batch_size_count{application="reminder-service"} %d
        cuifu_sms_status_callbacks_batch_size_sum{application="reminder-service"} %d
        cuifu_sms_status_callbacks_batch_size_max{application="reminder-service"} 31
        cuifu_sms_status_callbacks_refused_total{application="reminder-service",reason="queue_full"} %d
        cuifu_sms_status_callbacks_refused_total{application="reminder-service",reason="timeout"} %d
        """.formatted(batches, committedSeconds, batches, callbacks, refusedFull, refusedTimeout);
  }

  @Test
  void callbackBatchesAreTheDifferenceOfTwoScrapesCommittedOnly() {
    ServiceMetrics before = ServiceMetrics.of(scrape(10, 40, 1.0, 1, 0));
    ServiceMetrics after = ServiceMetrics.of(scrape(110, 2_040, 2.0, 3, 2));

    ServiceMetrics.CallbackBatches batches =
        ServiceMetrics.CallbackBatches.between(new ServiceMetrics.Window(before, after));

    assertThat(batches.callbacks()).isEqualTo(2_000);
    assertThat(batches.batches()).isEqualTo(100);
    assertThat(batches.perBatch()).isEqualTo(20.0);
    assertThat(batches.maxBatch()).isEqualTo(31);
    assertThat(batches.meanCommit()).as("the committed outcome's time only").isEqualTo(Duration.ofMillis(10));
    assertThat(batches.refused()).as("every reason").isEqualTo(4);
  }
}
