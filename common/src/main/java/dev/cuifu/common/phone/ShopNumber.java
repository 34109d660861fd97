package dev.cuifu.common.phone;

/** What {@link PhoneNumbers#read} made of a number a shop sent: any valid number, mobile or not. */
public sealed interface ShopNumber {

  /** A valid number in E.164 form. */
  record Valid(String e164) implements ShopNumber {}

  /** Why the number was refused; shows the number masked at most, never as sent. */
  record Refused(String reason) implements ShopNumber {}
}
