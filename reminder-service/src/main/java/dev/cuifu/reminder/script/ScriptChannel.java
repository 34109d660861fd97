package dev.cuifu.reminder.script;

import java.util.Arrays;
import java.util.Optional;

/** What a script is for: the tier's channel. Written in the API as {@link #wire()}. */
public enum ScriptChannel {
  SMS("sms", 1),
  CHAT("chat", 2),
  PHONE_TALKING_POINTS("phone-talking-points", 3);

  private final String wire;
  private final int tier;

  ScriptChannel(String wire, int tier) {
    this.wire = wire;
    this.tier = tier;
  }

  public String wire() {
    return wire;
  }

  /** The reminder tier whose touches use this channel (1 SMS, 2 chat, 3 phone task). */
  public int tier() {
    return tier;
  }

  static Optional<ScriptChannel> fromWire(String value) {
    return Arrays.stream(values()).filter(c -> c.wire.equals(value)).findFirst();
  }
}
