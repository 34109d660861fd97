package dev.cuifu.reminder.dispatch;

import dev.cuifu.reminder.plan.Channel;
import dev.cuifu.reminder.policy.ShopPolicy;
import dev.cuifu.reminder.touch.ClaimedTouch;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The last stage of dispatch for one channel: sends the touches that passed every rule and
 * records the outcome. A channel may send each buyer's touches at once (chat, phone) or hold them
 * to go out together once every buyer of the batch was judged (SMS).
 */
interface ChannelSender {

  Channel channel();

  /** This channel's part of one claimed batch ({@code claim}: the batch's claim token). */
  Round open(UUID claim);

  /** One batch's sending on one channel. */
  @FunctionalInterface
  interface Round {

    /**
     * One buyer's touches that passed every rule, earliest due first: at most one message goes
     * out for them. Called side by side for different buyers.
     */
    void send(List<ClaimedTouch> touches, ShopPolicy policy, Instant now);

    /** Once every buyer of the batch was judged (even when one failed): what was held back goes out. */
    default void finish() {}
  }
}
