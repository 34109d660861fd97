package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.touch.TouchClaims;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Steps (2) and (3) of {@link SmsSender}: the batch's attempts started in one transaction, the
 * provider calls side by side, then what the provider accepted recorded — even when one call died
 * on the way. Every write names the batch's claim token, so nothing of a batch that outlived its
 * lease reaches a touch that another claim took over (see {@link TouchClaims}); a failed send is
 * settled on its own (rare, and each failure kind has its rule).
 */
@Component
class SmsDelivery {

  private static final Logger log = LoggerFactory.getLogger(SmsDelivery.class);

  private final SmsAttempts attempts;
  private final SmsCall call;
  private final DispatchWorkers workers;
  private final DispatchProperties properties;
  private final Clock clock;

  SmsDelivery(SmsAttempts attempts, SmsCall call, DispatchWorkers workers, DispatchProperties properties, Clock clock) {
    this.attempts = attempts;
    this.call = call;
    this.workers = workers;
    this.properties = properties;
    this.clock = clock;
  }

  void deliver(SmsRound round) {
    List<SmsRound.Prepared> prepared = List.copyOf(round.prepared());
    if (prepared.isEmpty()) {
      return;
    }
    // The lease of a touch about to be sent: the start-of-attempt write below renews it, for every
    // touch it starts, right before the calls, and SmsCall makes a call only while the touch's lease
    // has lease-margin left, more than a provider call may take (its timeouts). So no call outlasts
    // its lease: recovery cannot take a touch over mid-call, and a touch whose lease ran out while
    // the batch was busy elsewhere (a slow chat webhook) is fenced out by that same write. One
    // statement for the batch and a check in memory, rather than a renewal statement per SMS.
    Instant started = clock.instant();
    Instant leaseUntil = started.plus(properties.lease());
    Set<Long> ours = attempts.start(round, prepared, leaseUntil, started);
    List<SmsRound.Prepared> toSend = new ArrayList<>();
    for (SmsRound.Prepared p : prepared) {
      if (ours.contains(p.sender().touchId())) {
        toSend.add(p);
      } else {
        // its lease ran out while the batch was busy and another claim holds it now: that one sends it
        log.info("touch {} order {}/{}: SMS not sent by this batch, its claim was taken over",
            p.sender().touchId(), p.sender().shopId(), p.sender().orderId());
      }
    }
    try {
      workers.runAll(toSend.stream().<Runnable>map(p -> () -> call.call(p, round, leaseUntil)).toList());
    } finally {
      // what the provider accepted is recorded even when one call died on the way
      attempts.recordSent(round);
    }
  }
}
