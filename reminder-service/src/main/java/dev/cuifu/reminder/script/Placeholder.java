package dev.cuifu.reminder.script;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The values a script can name, written {@code {name}} in its text. */
public enum Placeholder {
  BUYER_NAME("buyerName"),
  ORDER_ID("orderId"),
  ITEM("item"),
  AMOUNT("amount"),
  PAYMENT_LINK("paymentLink"),
  DEADLINE("deadline"),
  SHOP_NAME("shopName");

  private final String key;

  Placeholder(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** As written in a script: {@code {orderId}}. */
  public String written() {
    return "{" + key + "}";
  }

  static Optional<Placeholder> byKey(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }

  static String allWritten() {
    return Arrays.stream(values()).map(Placeholder::written).collect(Collectors.joining(" "));
  }
}
