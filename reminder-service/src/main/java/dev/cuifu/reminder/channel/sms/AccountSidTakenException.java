package dev.cuifu.reminder.channel.sms;

/** Another shop (or the deployment) already uses this Twilio account: a SID belongs to one shop. */
final class AccountSidTakenException extends RuntimeException {

  AccountSidTakenException(String accountSid) {
    super("Twilio account " + accountSid + " is already used by another shop or by the deployment", null, false, false);
  }
}
