package dev.cuifu.benchmark.deployed;

import dev.cuifu.benchmark.PendingTouches;
import dev.cuifu.benchmark.Workers;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The as-deployed run's workload, from outside the services as a shop's systems would drive them:
 * a shop created through order-ingest's admin API, orders posted to its batch API, the pending
 * touches added with SQL (as the benchmark's DispatchLoad does), and one burst made due at once.
 */
final class DeployedLoad {

  static final String SHOP = "as-deployed";
  /** Long enough that no SMS falls due by itself while the run lasts. */
  static final Duration SMS_DELAY = Duration.ofMinutes(30);
  /** How long the run waits for the services to catch up before it calls the run failed. */
  static final Duration CATCH_UP_LIMIT = Duration.ofMinutes(10);

  private static final int BATCH = 1_000;
  private static final int CLIENTS = 4;
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final String ORDER_PREFIX = "deployed-";

  private final DeployedStack stack;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
  private String apiKey;

  DeployedLoad(DeployedStack stack) {
    this.stack = stack;
  }

  /** The shop, created on order-ingest; returns once reminder-service has heard of it. */
  void createShop() {
    String body =
        """
        {"shopId":"%s","name":"As deployed","smsDelay":"%s","smsFrom":"+14155550100","timeZone":"Asia/Shanghai"}
        """
            .formatted(SHOP, SMS_DELAY);
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (apiKey == null) {
      HttpResponse<String> response = send(post(stack.ingestUrl() + "/admin/v1/shops", body).header("Authorization", "Bearer " + stack.operatorToken()));
      if (response != null && response.statusCode() == 201) {
        apiKey = response.body().replaceAll("(?s).*\"apiKey\"\\s*:\\s*\"([^\"]+)\".*", "$1");
      } else if (System.nanoTime() > deadline || (response != null && response.statusCode() != 503)) {
        throw new IllegalStateException("cannot create the shop: " + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
      } else {
        ChildProcess.pause(Duration.ofSeconds(1)); // a fresh broker's first transactions can time out
      }
    }
    while (true) {
      HttpResponse<String> response =
          send(HttpRequest.newBuilder(URI.create(stack.reminderUrl() + "/api/v1/policy")).header("X-Api-Key", apiKey).timeout(Duration.ofSeconds(10)));
      if (response != null && response.statusCode() == 200) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("reminder-service never learnt of the shop");
      }
      ChildProcess.pause(Duration.ofMillis(500));
    }
  }

  /** Posts {@code orders} OrderCreated in batches of 1,000 from 4 clients; waits until each has its SMS touch. Returns the orders planned. */
  long ingest(int orders) {
    long accepted =
        Workers.inParallel(CLIENTS, Workers.ranges(0, orders, BATCH), range -> postBatch(range[0], range[1])).stream()
            .mapToLong(Long::longValue)
            .sum();
    if (accepted != orders) {
      throw new IllegalStateException(accepted + " of " + orders + " orders accepted");
    }
    return awaitCount("select count(*) from reminder.touch where shop_id = '" + SHOP + "' and channel = 'SMS' and order_id like '" + ORDER_PREFIX + "%'", orders);
  }

  /** Adds {@code count} unpaid orders with one SMS touch each, due a week or more from now. */
  void fillPending(int count) {
    try (Connection db = stack.connect()) {
      PendingTouches.add(db, SHOP, "pending-", "pending-buyer-", count);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Touches waiting (PLANNED) in the touch table, every shop's. */
  long pendingTouches() {
    try (Connection db = stack.connect()) {
      return single(db, "select count(*) from reminder.touch where state = 'PLANNED'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Makes {@code count} of the posted orders' SMS touches due now; waits until reminder-service handed each to the stub. Returns those SENT. */
  long burst(int count) {
    try (Connection db = stack.connect()) {
      List<Long> ids = PendingTouches.makeDueNow(db, SHOP, ORDER_PREFIX, count);
      String these = "reminder.touch where touch_id = any('{" + ids.stream().map(String::valueOf).reduce((a, b) -> a + "," + b).orElse("") + "}'::bigint[])";
      long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
      while (System.nanoTime() < deadline && single(db, "select count(*) from " + these + " and state in ('PLANNED', 'SENDING')") > 0) {
        ChildProcess.pause(Duration.ofMillis(200));
      }
      return single(db, "select count(*) from " + these + " and state = 'SENT'");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long postBatch(int from, int to) {
    String now = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    StringBuilder json = new StringBuilder((to - from) * 320).append("{\"events\":[");
    for (int i = from; i < to; i++) {
      if (i > from) {
        json.append(',');
      }
      String order = ORDER_PREFIX + i;
      json.append(
          """
          {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"buyer-%s",\
          "buyerPhone":"+86138%08d","buyerTimeZone":"Asia/Shanghai","amount":{"minor":12800,"currency":"CNY"},\
          "itemSummary":"羊毛围巾 红色"}"""
              .formatted(order, order, now, order, i % 100_000_000));
    }
    json.append("]}");
    HttpResponse<String> response = send(post(stack.ingestUrl() + "/api/v1/events/batch", json.toString()).header("X-Api-Key", apiKey));
    if (response == null || response.statusCode() != 202) {
      throw new IllegalStateException("batch not accepted: " + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
    }
    Matcher accepted = ACCEPTED.matcher(response.body());
    return accepted.find() ? Long.parseLong(accepted.group(1)) : 0;
  }

  private long awaitCount(String sql, long expected) {
    try (Connection db = stack.connect()) {
      long deadline = System.nanoTime() + CATCH_UP_LIMIT.toNanos();
      long count = single(db, sql);
      while (count < expected && System.nanoTime() < deadline) {
        ChildProcess.pause(Duration.ofMillis(250));
        count = single(db, sql);
      }
      return count;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static HttpRequest.Builder post(String url, String json) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/json")
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.ofString(json));
  }

  /** The answer; null when nothing answered. */
  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long single(Connection db, String sql) throws SQLException {
    try (Statement query = db.createStatement();
        ResultSet rows = query.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
