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
 * The end-of-run counts, compared with the truth: from reminder-service's tables (JDBC) and from
 * what the Twilio stub accepted (its message log, one line per message, by recipient).
 */
final class Counts {

  /** An SMS that reached the stub after its order's payment was answered 202. */
  record LateSms(String order, Instant paidAnsweredAt, Duration after) {}

  /** What the database holds about one order's SMS touch. */
  record Planned(boolean recorded, String smsState) {}

  final int orders;
  final int accepted;
  final int paidBeforeDue;
  final int unpaid;
  final int smsAtStub;
  final List<String> neverPlanned = new ArrayList<>();
  final List<String> sentTwice = new ArrayList<>();
  final List<String> sentAfterPayment = new ArrayList<>();
  /** Every SMS to an order paid before its due time: when the payment was answered 202, how much later the SMS came. */
  final List<LateSms> smsAfterPayment = new ArrayList<>();
  final List<String> unpaidWithoutSms = new ArrayList<>();
  final List<String> neverSettled = new ArrayList<>();
  final List<String> unknownRecipients = new ArrayList<>();
  int sentWithinBound;

  private Counts(List<OrderTruth> truth, int smsAtStub) {
    this.orders = truth.size();
    this.accepted = (int) truth.stream().filter(OrderTruth::accepted).count();
    this.paidBeforeDue = (int) truth.stream().filter(OrderTruth::paidBeforeDue).count();
    this.unpaid = (int) truth.stream().filter(o -> o.accepted() && o.unpaid()).count();
    this.smsAtStub = smsAtStub;
  }

  static Counts of(List<OrderTruth> truth, String jdbcUrl, Path stubMessages, Duration paidBound) {
    Map<String, Planned> planned = planned(jdbcUrl);
    Map<String, List<Instant>> smsByPhone = new HashMap<>();
    List<String> lines = readLines(stubMessages);
    for (String line : lines) {
      String[] fields = line.split("\t");
      smsByPhone.computeIfAbsent(fields[1], phone -> new ArrayList<>()).add(Instant.ofEpochMilli(Long.parseLong(fields[0])));
    }
    Counts counts = new Counts(truth, lines.size());
    Set<String> known = new HashSet<>();
    for (OrderTruth order : truth) {
      known.add(order.phone);
      if (!order.accepted()) {
        continue; // never answered 202: nothing was promised
      }
      String id = order.shopId + "/" + order.orderId;
      Planned plan = planned.getOrDefault(id, new Planned(false, null));
      List<Instant> sms = smsByPhone.getOrDefault(order.phone, List.of());
      if (!plan.recorded() || (order.unpaid() && plan.smsState() == null)) {
        counts.neverPlanned.add(id);
      }
      if (sms.size() > 1) {
        counts.sentTwice.add(id + " ×" + sms.size());
      }
      if (order.unpaid() && sms.isEmpty()) {
        counts.unpaidWithoutSms.add(id + " (" + plan.smsState() + ")");
      }
      if ("PLANNED".equals(plan.smsState()) || "SENDING".equals(plan.smsState())) {
        counts.neverSettled.add(id + " " + plan.smsState());
      }
      if (order.paidBeforeDue()) {
        for (Instant sent : sms) {
          Duration after = Duration.between(order.paidAnsweredAt, sent);
          counts.smsAfterPayment.add(new LateSms(id, order.paidAnsweredAt, after));
          if (after.compareTo(paidBound) > 0) {
            counts.sentAfterPayment.add(id + " +" + after.toMillis() + " ms");
          } else {
            counts.sentWithinBound++;
          }
        }
      }
    }
    smsByPhone.keySet().stream().filter(phone -> !known.contains(phone)).forEach(counts.unknownRecipients::add);
    return counts;
  }

  /** The must-be-0 counts are all 0. */
  boolean passed() {
    return neverPlanned.isEmpty() && sentTwice.isEmpty() && sentAfterPayment.isEmpty()
        && unpaidWithoutSms.isEmpty() && neverSettled.isEmpty() && unknownRecipients.isEmpty();
  }

  private static Map<String, Planned> planned(String jdbcUrl) {
    Map<String, Planned> planned = new HashMap<>();
    String url = jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=reminder";
    try (Connection connection = DriverManager.getConnection(url, "postgres", "postgres");
        Statement statement = connection.createStatement()) {
      try (ResultSet rows = statement.executeQuery("select shop_id, order_id from buyer_order where created_at is not null")) {
        while (rows.next()) {
          planned.put(rows.getString(1) + "/" + rows.getString(2), new Planned(true, null));
        }
      }
      try (ResultSet rows = statement.executeQuery("select shop_id, order_id, state from touch where channel = 'SMS'")) {
        while (rows.next()) {
          String id = rows.getString(1) + "/" + rows.getString(2);
          planned.put(id, new Planned(planned.containsKey(id), rows.getString(3)));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read reminder-service's tables", e);
    }
    return planned;
  }

  /** How many SMS touches are still PLANNED or SENDING (the settle phase waits for 0). */
  static int unsettled(String jdbcUrl) {
    return count(jdbcUrl, "select count(*) from touch where channel = 'SMS' and state in ('PLANNED', 'SENDING')");
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
