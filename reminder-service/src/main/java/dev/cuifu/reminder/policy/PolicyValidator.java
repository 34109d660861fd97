package dev.cuifu.reminder.policy;

import dev.cuifu.reminder.outbound.OutboundGuard;
import dev.cuifu.reminder.outbound.OutboundRefusedException;
import dev.cuifu.reminder.web.FieldProblem;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules a shop's policy must follow, named by field path ({@code sms.delay},
 * {@code quietHours.start}…). Bounds that deployments tune come from {@link PolicyDefaults}.
 */
final class PolicyValidator {

  static final int MAX_MESSAGES = 100;
  static final Duration MIN_CAP_WINDOW = Duration.ofHours(1);
  static final Duration MAX_CAP_WINDOW = Duration.ofDays(30);
  static final int MAX_PAID_ORDERS = 10_000;
  /** The same sender rule order-ingest applies to a shop's smsFrom. */
  static final Pattern SMS_FROM = Pattern.compile("\\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32}");
  /** Twilio's WhatsApp sender: a whatsapp:-prefixed number, or a Messaging Service holding one. */
  static final Pattern WHATSAPP_FROM = Pattern.compile("whatsapp:\\+[1-9][0-9]{6,14}|MG[0-9a-fA-F]{32}");

  private final PolicyDefaults bounds;
  private final OutboundGuard outbound;

  PolicyValidator(PolicyDefaults bounds, OutboundGuard outbound) {
    this.bounds = bounds;
    this.outbound = outbound;
  }

  /** Every broken rule of the policy; empty when it is valid. Null parts are reported as required. */
  List<FieldProblem> problems(ShopPolicy policy) {
    List<FieldProblem> problems = new ArrayList<>();
    if (policy == null) {
      problems.add(new FieldProblem("$", "is required"));
      return problems;
    }
    if (required(policy.sms(), "sms", problems)) {
      ShopPolicy.Sms sms = policy.sms();
      between(sms.delay(), bounds.minSmsDelay(), bounds.maxSmsDelay(), "sms.delay", problems);
      if (sms.from() == null || sms.from().isBlank()) {
        problems.add(new FieldProblem("sms.from", "is required"));
      } else if (!SMS_FROM.matcher(sms.from()).matches()) {
        problems.add(
            new FieldProblem(
                "sms.from",
                "must be an E.164 number (+8613800138000) or a Messaging Service SID (MG + 32 hex digits)"));
      }
    }
    if (required(policy.chat(), "chat", problems)) {
      ShopPolicy.Chat chat = policy.chat();
      positiveAtMost(chat.delay(), bounds.maxChatDelay(), "chat.delay", problems);
      url(chat.webhookUrl(), "chat.webhookUrl", problems);
      if (chat.whatsappFrom() != null && !WHATSAPP_FROM.matcher(chat.whatsappFrom()).matches()) {
        problems.add(
            new FieldProblem(
                "chat.whatsappFrom",
                "must be a WhatsApp sender whatsapp:+E164 (whatsapp:+14155238886) or a Messaging Service SID (MG + 32 hex digits)"));
      } else if (chat.transport() == ShopPolicy.ChatTransport.WHATSAPP && chat.whatsappFrom() == null) {
        problems.add(new FieldProblem("chat.whatsappFrom", "is required when chat.transport is WHATSAPP"));
      }
    }
    if (required(policy.phone(), "phone", problems)) {
      ShopPolicy.Phone phone = policy.phone();
      between(phone.delay(), Duration.ZERO, bounds.maxPhoneDelay(), "phone.delay", problems);
      if (phone.minAmountMinor() < 0) {
        problems.add(new FieldProblem("phone.minAmountMinor", "must be 0 or more"));
      }
      if (phone.returningBuyerMinPaidOrders() < 1 || phone.returningBuyerMinPaidOrders() > MAX_PAID_ORDERS) {
        problems.add(
            new FieldProblem("phone.returningBuyerMinPaidOrders", "must be between 1 and " + MAX_PAID_ORDERS));
      }
    }
    if (policy.minOrderAmountMinor() < 0) {
      problems.add(new FieldProblem("minOrderAmountMinor", "must be 0 or more"));
    }
    between(
        policy.defaultPaymentDeadline(),
        bounds.minPaymentDeadline(),
        bounds.maxPaymentDeadline(),
        "defaultPaymentDeadline",
        problems);
    required(policy.timeZone(), "timeZone", problems);
    if (required(policy.quietHours(), "quietHours", problems)) {
      boolean start = required(policy.quietHours().start(), "quietHours.start", problems);
      if (required(policy.quietHours().end(), "quietHours.end", problems) && start && !quietHoursSayWhatTheyMean(policy.quietHours())) {
        problems.add(
            new FieldProblem(
                "quietHours.end",
                "must differ from quietHours.start: equal times are no quiet hours at all, so only 00:00 to 00:00 says that"));
      }
    }
    if (required(policy.frequencyCap(), "frequencyCap", problems)) {
      ShopPolicy.FrequencyCap cap = policy.frequencyCap();
      if (cap.maxMessages() < 1 || cap.maxMessages() > MAX_MESSAGES) {
        problems.add(new FieldProblem("frequencyCap.maxMessages", "must be between 1 and " + MAX_MESSAGES));
      }
      between(cap.window(), MIN_CAP_WINDOW, MAX_CAP_WINDOW, "frequencyCap.window", problems);
    }
    url(policy.stockCheckUrl(), "stockCheckUrl", problems);
    return problems;
  }

  /**
   * Equal start and end mean no quiet hours ({@link ShopPolicy.QuietHours#none()}), which
   * 21:00–21:00 says by a slip of the finger: only midnight to midnight, the form the launcher's and
   * the fault harness's defaults use, says it on purpose.
   */
  static boolean quietHoursSayWhatTheyMean(ShopPolicy.QuietHours hours) {
    return !hours.start().equals(hours.end()) || hours.start().equals(LocalTime.MIDNIGHT);
  }

  private static boolean required(Object value, String field, List<FieldProblem> problems) {
    if (value == null) {
      problems.add(new FieldProblem(field, "is required"));
      return false;
    }
    return true;
  }

  private static void between(Duration value, Duration min, Duration max, String field, List<FieldProblem> problems) {
    if (required(value, field, problems) && (value.compareTo(min) < 0 || value.compareTo(max) > 0)) {
      problems.add(new FieldProblem(field, "must be between " + min + " and " + max));
    }
  }

  private static void positiveAtMost(Duration value, Duration max, String field, List<FieldProblem> problems) {
    if (required(value, field, problems) && (value.compareTo(Duration.ZERO) <= 0 || value.compareTo(max) > 0)) {
      problems.add(new FieldProblem(field, "must be more than PT0S and at most " + max));
    }
  }

  /**
   * Optional; when given, a URL the outbound guard allows: https to a public host (http and
   * internal hosts only when the operator allow-listed them). One reason whatever the address.
   */
  private void url(URI value, String field, List<FieldProblem> problems) {
    if (value == null) {
      return;
    }
    String scheme = value.getScheme() == null ? "" : value.getScheme().toLowerCase(Locale.ROOT);
    if (!value.isAbsolute()
        || !(scheme.equals("http") || scheme.equals("https"))
        || value.getHost() == null
        || value.getHost().isBlank()) {
      problems.add(new FieldProblem(field, "must be an absolute http(s) URL, e.g. https://shop.example/hook"));
      return;
    }
    try {
      outbound.checkUrl(value);
    } catch (OutboundRefusedException e) {
      problems.add(new FieldProblem(field, OutboundRefusedException.REASON + " (use https to a public host)"));
    }
  }
}
