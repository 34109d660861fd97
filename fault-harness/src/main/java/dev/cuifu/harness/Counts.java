package dev.cuifu.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The end-of-run counts, compared with the truth: from reminder-service's tables (JDBC), from
 * what the Twilio stub accepted (its message log, by recipient) and from what the chat webhook
 * received (its delivery log, by order).
 */
final class Counts {

  /** A message that reached a stub after its order's payment was answered 202. */
  record LateSms(String order, Instant paidAnsweredAt, Duration after) {}

  /** What the database holds about one order: recorded, and its SMS and chat touches' states. */
  record Planned(boolean recorded, String smsState, String chatState) {}

  final int orders;
  final int accepted;
  final int paidBeforeDue;
  final int unpaid;
  final int smsAtStub;
  final int chatAtStub;
  final List<String> neverPlanned = new ArrayList<>();
  final List<String> sentTwice = new ArrayList<>();
  final List<String> sentAfterPayment = new ArrayList<>();
  /** Every SMS or chat message to an order paid before its due time: when the payment was answered, how much later the message came. */
  final List<LateSms> smsAfterPayment = new ArrayList<>();
  private static final String OUTCOME_UNKNOWN = "OUTCOME_UNKNOWN";

  final List<String> unpaidWithoutSms = new ArrayList<>();
  final List<String> smsToOptedOut = new ArrayList<>();
  final int optedOut;
  final List<String> unpaidWithoutChat = new ArrayList<>();
  /**
   * Unpaid orders whose chat delivery began when reminder-service was killed: ended OUTCOME_UNKNOWN
   * by lease recovery and never resent (a webhook cannot be asked whether it got it), so possibly
   * not delivered — allowed up to {@link #chatUnknownAllowed}, the deliveries a killed instance can
   * have under way.
   */
  final List<String> chatUnknownAfterKill = new ArrayList<>();
  final int chatUnknownAllowed;
  final List<String> neverSettled = new ArrayList<>();
  final List<String> unknownRecipients = new ArrayList<>();
  int sentWithinBound;

  private Counts(List<OrderTruth> truth, int smsAtStub, int chatAtStub, int chatUnknownAllowed) {
    this.chatUnknownAllowed = chatUnknownAllowed;
    this.orders = truth.size();
    this.accepted = (int) truth.stream().filter(OrderTruth::accepted).count();
    this.paidBeforeDue = (int) truth.stream().filter(OrderTruth::paidBeforeDue).count();
    this.unpaid = (int) truth.stream().filter(o -> o.accepted() && o.unpaid()).count();
    this.smsAtStub = smsAtStub;
    this.chatAtStub = chatAtStub;
    this.optedOut = (int) truth.stream().filter(o -> o.accepted() && o.optedOutOfSms).count();
  }

  static Counts of(
      List<OrderTruth> truth, String jdbcUrl, Path stubMessages, Path chatDeliveries, Duration paidBound, int chatUnknownAllowed) {
    Map<String, Planned> planned = planned(jdbcUrl);
    List<String> smsLines = readLines(stubMessages);
    List<String> chatLines = readLines(chatDeliveries);
    Map<String, List<Instant>> smsByPhone = byField(smsLines);
    Map<String, List<Instant>> chatByOrder = byField(chatLines);
    Counts counts = new Counts(truth, smsLines.size(), chatLines.size(), chatUnknownAllowed);
    Set<String> knownPhones = new HashSet<>();
    Set<String> knownOrders = new HashSet<>();
    for (OrderTruth order : truth) {
      knownPhones.add(order.phone);
      knownOrders.add(order.orderId);
      if (!order.accepted()) {
        continue; // never answered 202: nothing was promised
      }
      String id = order.shopId + "/" + order.orderId;
      Planned plan = planned.getOrDefault(id, new Planned(false, null, null));
      List<Instant> sms = smsByPhone.getOrDefault(order.phone, List.of());
      List<Instant> chat = chatByOrder.getOrDefault(order.orderId, List.of());
      if (!plan.recorded() || (order.unpaid() && ((plan.smsState() == null && !order.optedOutOfSms) || plan.chatState() == null))) {
        counts.neverPlanned.add(id);
      }
      if (sms.size() > 1) {
        counts.sentTwice.add(id + " SMS ×" + sms.size());
      }
      if (chat.size() > 1) {
        counts.sentTwice.add(id + " chat ×" + chat.size());
      }
      if (order.optedOutOfSms && !sms.isEmpty()) {
        counts.smsToOptedOut.add(id + " ×" + sms.size());
      }
      if (order.unpaid() && sms.isEmpty() && !order.optedOutOfSms) {
        counts.unpaidWithoutSms.add(id + " (" + plan.smsState() + ")");
      }
      if (order.unpaid() && chat.isEmpty()) {
        (OUTCOME_UNKNOWN.equals(plan.chatState()) ? counts.chatUnknownAfterKill : counts.unpaidWithoutChat).add(id + " (" + plan.chatState() + ")");
      }
      for (String state : new String[] {plan.smsState(), plan.chatState()}) {
        if ("PLANNED".equals(state) || "SENDING".equals(state)) {
          counts.neverSettled.add(id + " " + state);
        }
      }
      if (order.paidBeforeDue()) {
        late(counts, id, "SMS", order.paidAnsweredAt, sms, paidBound);
        late(counts, id, "chat", order.paidAnsweredAt, chat, paidBound);
      }
    }
    smsByPhone.keySet().stream().filter(phone -> !knownPhones.contains(phone)).forEach(counts.unknownRecipients::add);
    chatByOrder.keySet().stream().filter(order -> !knownOrders.contains(order)).map(order -> "chat for " + order).forEach(counts.unknownRecipients::add);
    return counts;
  }

  private static void late(Counts counts, String id, String channel, Instant paidAnsweredAt, List<Instant> sent, Duration paidBound) {
    for (Instant at : sent) {
      Duration after = Duration.between(paidAnsweredAt, at);
      counts.smsAfterPayment.add(new LateSms(id + " " + channel, paidAnsweredAt, after));
      if (after.compareTo(paidBound) > 0) {
        counts.sentAfterPayment.add(id + " " + channel + " +" + after.toMillis() + " ms");
      } else {
        counts.sentWithinBound++;
      }
    }
  }

  /** A stub's log lines (epoch millis, key, …) as arrival times by key. */
  private static Map<String, List<Instant>> byField(List<String> lines) {
    Map<String, List<Instant>> byKey = new HashMap<>();
    for (String line : lines) {
      String[] fields = line.split("\t");
      byKey.computeIfAbsent(fields[1], key -> new ArrayList<>()).add(Instant.ofEpochMilli(Long.parseLong(fields[0])));
    }
    return byKey;
  }

  /** The must-be-0 counts are all 0. */
  boolean passed() {
    return neverPlanned.isEmpty() && sentTwice.isEmpty() && sentAfterPayment.isEmpty()
        && unpaidWithoutSms.isEmpty() && smsToOptedOut.isEmpty() && unpaidWithoutChat.isEmpty()
        && chatUnknownAfterKill.size() <= chatUnknownAllowed && neverSettled.isEmpty() && unknownRecipients.isEmpty();
  }

  private static Map<String, Planned> planned(String jdbcUrl) {
    Map<String, Planned> planned = new HashMap<>();
    String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=reminder";
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("select shop_id, order_id from buyer_order where created_at is not null")) {
        while (rows.next()) {
          planned.put(rows.getString(1) + "/" + rows.getString(2), new Planned(true, null, null));
        }
      }
      try (ResultSet rows = statement.executeQuery("select shop_id, order_id, channel, state from touch where channel in ('SMS', 'CHAT')")) {
        while (rows.next()) {
          String id = rows.getString(1) + "/" + rows.getString(2);
          Planned before = planned.getOrDefault(id, new Planned(false, null, null));
          planned.put(id, rows.getString(3).equals("SMS")
              ? new Planned(before.recorded(), rows.getString(4), before.chatState())
              : new Planned(before.recorded(), before.smsState(), rows.getString(4)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read reminder-service's tables", e);
    }
    return planned;
  }

  /** How many SMS and chat touches are still PLANNED or SENDING (the settle phase waits for 0). */
  static int unsettled(String jdbcUrl) {
    return count(jdbcUrl, "select count(*) from touch where channel in ('SMS', 'CHAT') and state in ('PLANNED', 'SENDING')");
  }

  /** How many orders reminder-service has recorded (their OrderCreated applied). */
  static int recorded(String jdbcUrl) {
    return count(jdbcUrl, "select count(*) from buyer_order where created_at is not null");
  }

  private static int count(String jdbcUrl, String sql) {
    String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=reminder";
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read reminder-service's tables", e);
    }
  }

  static List<String> readLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList() : List.of();
    } catch (IOException e) {
      throw Launch.unchecked(e);
    }
  }
}
