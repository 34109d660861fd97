package dev.cuifu.common.phone;

/** What {@link PhoneNumbers#forSms} made of a number a shop sent. */
public sealed interface SmsNumber {

  /** A number an SMS can reach, in E.164 form. */
  record Mobile(String e164) implements SmsNumber {}

  /** Why the number was refused; shows the number masked at most, never as sent. */
  record Refused(String reason) implements SmsNumber {}
}
