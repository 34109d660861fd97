package dev.cuifu.harness;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * First a burst of orders placed as fast as ingest takes them (their SMS fall due together), then
 * steady orders from the shops, round robin, at a fixed rate; a known share paid a random 3–10 s
 * before their SMS falls due. A request that finds ingest down or answers 503 is retried with the
 * same event (the same id and content: a duplicate, not a second order) until it is answered 202,
 * and the moment of that answer is what the truth records.
 */
final class Load {

  private static final Duration GIVE_UP = Duration.ofMinutes(3);

  record Shop(String shopId, String apiKey) {}

  private final String ingestUrl;
  private final List<String> reminderUrls;
  private final List<Shop> shops;
  private final FaultHarness.Options options;
  private final Random random;
  private final List<OrderTruth> orders = new ArrayList<>();
  private final ScheduledExecutorService payments = Executors.newScheduledThreadPool(4);
  private volatile int rejected;

  Load(String ingestUrl, List<String> reminderUrls, List<Shop> shops, FaultHarness.Options options, Random random) {
    this.ingestUrl = ingestUrl;
    this.reminderUrls = reminderUrls;
    this.shops = shops;
    this.options = options;
    this.random = random;
  }

  /** Posts every order and every payment; returns when all were answered (or given up on). */
  List<OrderTruth> run() throws InterruptedException {
    long start = System.nanoTime();
    String run = Long.toString(System.currentTimeMillis() % 100000, 36);
    for (int i = 0; i < options.orders(); i++) {
      int steady = Math.max(0, i - options.burst());
      Launch.sleep(Duration.ofNanos(start + (long) (steady * 1e9 / options.rate()) - System.nanoTime()));
      Shop shop = shops.get(i % shops.size());
      Instant occurredAt = Instant.now();
      Duration payLead = random.nextDouble() < options.paidShare() ? Duration.ofMillis(3000 + random.nextInt(7000)) : null;
      OrderTruth order =
          new OrderTruth(
              shop.shopId(),
              "H" + run + "-" + i,
              "+86139" + String.format("%08d", i),
              occurredAt,
              occurredAt.plus(options.smsDelay()),
              payLead);
      orders.add(order);
      if (random.nextDouble() < options.optOutShare()) {
        order.optedOutOfSms = optOutOfSms(shop, order.phone);
      }
      order.createdAnsweredAt = postUntilAccepted(shop, created(order));
      if (order.accepted() && payLead != null) {
        long delay = Duration.between(Instant.now(), order.due.minus(payLead)).toMillis();
        payments.schedule(() -> order.paidAnsweredAt = postUntilAccepted(shop, paid(order)), Math.max(0, delay), TimeUnit.MILLISECONDS);
      }
    }
    payments.shutdown();
    payments.awaitTermination(5, TimeUnit.MINUTES);
    return List.copyOf(orders);
  }

  /**
   * The buyer replies STOP before ordering, as the shop records it: an SMS opt-out through either
   * reminder-service instance, retried while they are down. Whether it was answered 201.
   */
  private boolean optOutOfSms(Shop shop, String phone) {
    String body = "{\"channel\":\"SMS\",\"phone\":\"%s\",\"reason\":\"fault harness\"}".formatted(phone);
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      HttpResponse<String> response =
          Launch.post(reminderUrls.get(attempt % reminderUrls.size()) + "/api/v1/opt-outs", "X-Api-Key", shop.apiKey(), body);
      if (response != null && response.statusCode() == 201) {
        return true;
      }
      if (response != null && response.statusCode() / 100 == 4) {
        System.err.println("opt-out refused (HTTP " + response.statusCode() + "): " + response.body());
        return false;
      }
      Launch.sleep(Duration.ofMillis(500));
    }
    return false;
  }

  int rejected() {
    return rejected;
  }

  private Instant postUntilAccepted(Shop shop, String json) {
    long deadline = System.nanoTime() + GIVE_UP.toNanos();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> response = Launch.post(ingestUrl + "/api/v1/events", "X-Api-Key", shop.apiKey(), json);
      if (response != null && response.statusCode() == 202) {
        return Instant.now();
      }
      if (response != null && response.statusCode() != 503) {
        rejected++;
        System.err.println("event refused (HTTP " + response.statusCode() + "): " + response.body());
        return null;
      }
      Launch.sleep(Duration.ofMillis(500)); // ingest down (killed) or Kafka not ready: retry as asked
    }
    return null;
  }

  private static String created(OrderTruth order) {
    return """
        {"type":"OrderCreated","eventId":"c-%s","orderId":"%s","occurredAt":"%s","buyerId":"b-%s",
         "buyerPhone":"%s","chatHandle":"wangwang:%s","amount":{"minor":5900,"currency":"CNY"},"itemSummary":"fault harness"}
        """
        .formatted(order.orderId, order.orderId, order.occurredAt, order.orderId, order.phone, order.orderId);
  }

  private static String paid(OrderTruth order) {
    Instant now = Instant.now();
    return """
        {"type":"OrderPaid","eventId":"p-%s","orderId":"%s","occurredAt":"%s",
         "amount":{"minor":5900,"currency":"CNY"},"paidAt":"%s"}
        """
        .formatted(order.orderId, order.orderId, now, now);
  }
}
