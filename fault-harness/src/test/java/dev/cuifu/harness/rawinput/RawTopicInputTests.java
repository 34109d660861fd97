package dev.cuifu.harness.rawinput;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RawTopicInputTests {

  @Test
  void theDeadLetterReasonIsTheHandlersOwnWithoutSpringKafkasWrapping() {
    String header = "Listener method 'void dev.cuifu.reminder.events.OrderEventListener.onBatch(java.util.List<…>)' threw exception;"
        + " invalid OrderCreated: amount.minor must be greater than or equal to 0 @-0";

    assertThat(RawTopicInput.reason(header)).isEqualTo("invalid OrderCreated: amount.minor must be greater than or equal to 0");
    assertThat(RawTopicInput.reason(null)).isNull();
  }
}
