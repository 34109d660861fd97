package dev.cuifu.reminder.channel.sms;

import dev.cuifu.common.phone.PhoneNumbers;

/**
 * Twilio's WhatsApp addressing: the same Messages API as SMS, with {@code whatsapp:}-prefixed
 * numbers in {@code To} and {@code From} (or a Messaging Service SID that holds a WhatsApp
 * sender). An {@link SmsMessage} to such an address goes out over WhatsApp; everything else about
 * it — error classification, reconciliation, status callbacks — is the SMS path's.
 */
public final class WhatsAppAddress {

  public static final String PREFIX = "whatsapp:";

  private WhatsAppAddress() {}

  /** The buyer's number (E.164) as a WhatsApp recipient: {@code whatsapp:+8613800138000}. */
  public static String of(String e164) {
    return e164.startsWith(PREFIX) ? e164 : PREFIX + e164;
  }

  public static boolean isWhatsApp(String address) {
    return address != null && address.startsWith(PREFIX);
  }

  /** The E.164 number inside an address (itself when it has no prefix). */
  public static String number(String address) {
    return isWhatsApp(address) ? address.substring(PREFIX.length()) : address;
  }

  /** Safe for logs, the prefix kept: {@code whatsapp:+86 138****8000}. */
  static String mask(String address) {
    return isWhatsApp(address) ? PREFIX + PhoneNumbers.mask(number(address)) : PhoneNumbers.mask(address);
  }
}
