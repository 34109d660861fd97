package dev.cuifu.reminder.phone;

import dev.cuifu.reminder.ops.RetriedNextInterval;
import org.quartz.DisallowConcurrentExecution;

/** Quartz runs it once per interval across the cluster; events wait in the outbox for the next run. */
@DisallowConcurrentExecution
class PhoneTaskEventRelayJob extends RetriedNextInterval {

  private final PhoneTaskEventRelay relay;

  PhoneTaskEventRelayJob(PhoneTaskEventRelay relay) {
    super("phone-task event relay");
    this.relay = relay;
  }

  @Override
  protected void runOnce() {
    relay.relay();
  }
}
