package dev.cuifu.reminder.plan;

/** Why touches were cancelled; the metric tag and the first words of the recorded reason. */
public enum CancelCause {
  ORDER_PAID("order paid"),
  ORDER_CLOSED("order closed");

  private final String text;

  CancelCause(String text) {
    this.text = text;
  }

  /** The recorded reason: the cause's words, then the detail if there is one. */
  public String reason(String detail) {
    return detail == null || detail.isBlank() ? text : text + ": " + detail;
  }
}
