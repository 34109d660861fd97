package dev.cuifu.reminder;

import dev.cuifu.reminder.channel.sms.SmsGateway;
import dev.cuifu.reminder.channel.sms.SmsMessage;
import dev.cuifu.reminder.channel.sms.SmsReceipt;

/**
 * The real Twilio gateway, with a switch that makes the next send die like a killed process: just
 * before the provider call, or just after it (the provider has the message, we never learn it).
 * An {@link Error}, so nothing in the dispatcher mistakes it for a provider refusal.
 */
public final class CrashingSmsGateway extends ForwardingSmsGateway {

  public enum Crash {
    BEFORE_PROVIDER_CALL,
    AFTER_PROVIDER_CALL
  }

  /** What a killed dispatcher looks like from the inside. */
  public static final class SimulatedCrash extends Error {
    SimulatedCrash(String message) {
      super(message);
    }
  }

  private static final java.util.Map<String, Crash> NEXT = new java.util.concurrent.ConcurrentHashMap<>();

  public CrashingSmsGateway(SmsGateway real) {
    super(real);
  }

  /** The next send to this number dies as said (other numbers are not affected). */
  public static void crashNextSendTo(String phone, Crash crash) {
    NEXT.put(phone, crash);
  }

  @Override
  public SmsReceipt send(SmsMessage message) {
    Crash crash = NEXT.remove(message.to());
    if (crash == Crash.BEFORE_PROVIDER_CALL) {
      throw new SimulatedCrash("killed before the provider call");
    }
    SmsReceipt receipt = real.send(message);
    if (crash == Crash.AFTER_PROVIDER_CALL) {
      throw new SimulatedCrash("killed after the provider call, before recording " + receipt.providerMessageId());
    }
    return receipt;
  }

  @Override
  public SmsGateway forBatch() {
    return new CrashingSmsGateway(real.forBatch());
  }
}
