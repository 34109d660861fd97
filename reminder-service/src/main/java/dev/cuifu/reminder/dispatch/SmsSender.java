package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * SMS go out batched, so that a batch of SMS costs a few statements rather than a few per message:
 * each buyer's touches that passed the rules are held until every buyer of the batch was judged;
 * then (1) the buyers' mergeable orders are claimed in one statement and each SMS rendered ({@link
 * SmsPreparation}); (2) every SMS's exact body and attempt start are committed in one transaction
 * before any provider call (what crash reconciliation asks the provider about); (3) the provider
 * calls run side by side, and every accepted SMS is recorded SENT, with its merged orders and
 * timeline entries, in one transaction ({@link SmsDelivery}).
 */
@Component
class SmsSender implements ChannelSender {

  private final SmsPreparation preparation;
  private final SmsDelivery delivery;
  private final ReminderText text;
  private final SmsGateway gateway;

  SmsSender(SmsPreparation preparation, SmsDelivery delivery, ReminderText text, SmsGateway gateway) {
    this.preparation = preparation;
    this.delivery = delivery;
    this.text = text;
    this.gateway = gateway;
  }

  @Override
  public Channel channel() {
    return Channel.SMS;
  }

  @Override
  public Round open(UUID claim) {
    SmsRound round = new SmsRound(claim, text.forBatch(), gateway.forBatch());
    return new Round() {
      @Override
      public void send(List<ClaimedTouch> touches, ShopPolicy policy, Instant now) {
        round.buyers().add(new SmsRound.Buyer(touches, policy, now));
      }

      @Override
      public void finish() {
        try {
          preparation.prepare(round);
        } finally {
          delivery.deliver(round);
        }
      }
    };
  }
}
