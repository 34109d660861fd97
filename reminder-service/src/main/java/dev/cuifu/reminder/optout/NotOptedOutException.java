package dev.cuifu.reminder.optout;

import dev.cuifu.reminder.plan.Channel;

/** Opting a buyer back in who is not opted out of that channel. The message is safe to show. */
public class NotOptedOutException extends RuntimeException {

  NotOptedOutException(Channel channel) {
    super("This phone is not opted out of " + channel + ".", null, false, false);
  }
}
