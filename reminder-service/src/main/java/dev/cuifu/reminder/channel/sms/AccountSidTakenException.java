package dev.cuifu.reminder.channel.sms;

/**
 * Another shop (or the deployment) already uses this Twilio account: a SID belongs to one shop.
 * The message is safe to show: it names neither the SID nor who holds it.
 */
public class AccountSidTakenException extends RuntimeException {

  AccountSidTakenException() {
    super("accountSid: this Twilio account is already used here; an account belongs to one shop.", null, false, false);
  }
}
