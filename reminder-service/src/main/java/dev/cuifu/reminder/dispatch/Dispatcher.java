package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Sends due touches, as named stages wired together here: {@link DueBatches} claims a batch
 * (committed as SENDING before any provider call) and learns what the rules need; per buyer, side
 * by side, {@link SendRules} gives each touch a {@link Verdict} — order still unpaid and payable,
 * buyer not opted out, not in quiet hours, under the frequency cap — and {@link Verdicts} records
 * those that do not go out; the rest go to their channel's {@link ChannelSender}, which checks
 * stock, merges, renders, sends and records. Every decision goes on the order's timeline.
 *
 * <p>The periodic sweep ({@link DueTouchSweep}) calls {@link #dispatchOneBatch()}; with the sweep
 * off ({@code cuifu.reminder.dispatch.sweep-enabled=false}), {@link #dispatchDueNow()} runs one
 * sweep by hand, as a test does after moving its clock.
 */
@Service
public class Dispatcher {

  private final DueBatches batches;
  private final SendRules rules;
  private final Verdicts verdicts;
  private final List<ChannelSender> senders;
  private final DispatchWorkers workers;
  private final Clock clock;

  Dispatcher(
      DueBatches batches, SendRules rules, Verdicts verdicts, List<ChannelSender> senders, DispatchWorkers workers,
      Clock clock) {
    this.batches = batches;
    this.rules = rules;
    this.verdicts = verdicts;
    this.senders = List.copyOf(senders);
    this.workers = workers;
    this.clock = clock;
  }

  /**
   * Sends everything due now, batch after batch while they come back full, as one sweep does;
   * returns how many touches were claimed. For a test (or a tool) with the periodic sweep off: move
   * the clock, call this, and what was due has been settled when it returns.
   */
  public int dispatchDueNow() {
    int claimed = 0;
    int batch;
    do {
      batch = dispatchOneBatch();
      claimed += batch;
    } while (batch == batches.batchSize());
    return claimed;
  }

  /**
   * Claims one batch and settles it; returns how many touches it claimed (fewer than the batch
   * size: nothing more is due now). Each channel's round is finished even when a buyer failed, so
   * the messages of the others go out; a failure is rethrown afterwards.
   */
  int dispatchOneBatch() {
    DueBatch batch = batches.claim();
    if (batch.touches().isEmpty()) {
      return 0;
    }
    Map<String, ChannelSender.Round> rounds = new LinkedHashMap<>();
    senders.forEach(sender -> rounds.put(sender.channel().name(), sender.open(batch.claim())));
    List<Runnable> buyers = new ArrayList<>();
    for (List<List<ClaimedTouch>> channels : batch.byBuyer()) {
      buyers.add(() -> channels.forEach(due -> handleBuyer(due, batch, rounds)));
    }
    try {
      workers.runAll(buyers);
    } finally {
      finish(List.copyOf(rounds.values()), 0);
    }
    return batch.touches().size();
  }

  /** One buyer's due touches of one channel: judged, and those to send handed to the channel. */
  private void handleBuyer(List<ClaimedTouch> due, DueBatch batch, Map<String, ChannelSender.Round> rounds) {
    Instant now = clock.instant();
    ShopPolicy policy = batch.policies().get(due.get(0).shopId());
    List<ClaimedTouch> send = new ArrayList<>();
    for (SendRules.Judged judged : rules.judge(due, policy, batch.facts(), now)) {
      if (judged.verdict() instanceof Verdict.Send) {
        send.add(judged.touch());
      } else {
        verdicts.record(judged.touch(), judged.verdict(), now);
      }
    }
    if (!send.isEmpty()) {
      rounds.get(send.get(0).channel()).send(send, policy, now);
    }
  }

  /** Finishes every round, each even when one before it failed. */
  private static void finish(List<ChannelSender.Round> rounds, int from) {
    if (from == rounds.size()) {
      return;
    }
    try {
      rounds.get(from).finish();
    } finally {
      finish(rounds, from + 1);
    }
  }
}
